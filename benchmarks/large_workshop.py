"""The large workshop of every benchmark: 300 outcomes, 150 participants in 12 departments, 60 channels."""

from __future__ import annotations

import random

from workshop.domain.entities import (
    Action,
    Channel,
    Choice,
    Department,
    Kpi,
    Outcome,
    Participant,
    RaciAssignment,
    Score,
    Vote,
    Workshop,
)
from workshop.domain.enums import (
    ChannelKind,
    ChoiceRole,
    DepartmentFunction,
    OutcomeCategory,
    Portability,
    RaciRole,
)

OWNERS = ["Meta", "Alphabet", "Microsoft", "ByteDance", "X Corp", "Reddit", "Snap", "Pinterest", "(own)"]


def large_workshop(
    outcomes: int = 300,
    channels: int = 60,
    participants: int = 150,
    departments: int = 12,
    actions: int = 3000,
    seed: int = 7,
) -> Workshop:
    """The workshop every benchmark is measured on (issue 7): a full RACI matrix (every cell holds a role: one A,
    two R, a few C, the rest I), every per-outcome score, outcome and channel dots, and 3,000 actions; seeded."""
    rng = random.Random(seed)
    functions = list(DepartmentFunction)
    ws = Workshop(title="Benchmark", organisation="Bench AG", dots_per_participant=5, overload_limit=12)
    ws.departments = [Department(f"Dept {i}", functions[i % len(functions)]) for i in range(departments)]
    ws.participants = [Participant(f"Person {i}", f"Dept {i % departments}") for i in range(participants)]
    kinds = list(ChannelKind)
    ws.channels = [
        Channel(
            f"Channel {i}",
            kinds[i % len(kinds)],
            "(own)" if kinds[i % len(kinds)] is ChannelKind.OWNED else OWNERS[i % (len(OWNERS) - 1)],
            rng.choice(list(Portability)),
            rng.randint(1, 5),
            [f"Alias {i}"],
            {"cost_efficiency": rng.randint(1, 5), "ease": rng.randint(1, 5), "measurability": rng.randint(1, 5)},
        )
        for i in range(channels)
    ]
    categories = list(OutcomeCategory)
    for i in range(outcomes):
        key = f"O{i + 1}"
        valued = i % 5 != 0
        ws.outcomes.append(
            Outcome(
                key,
                f"Business outcome number {i} for channel strategy",
                categories[i % len(categories)],
                kpi=Kpi("Cost per case", "EUR", rng.uniform(0, 100), rng.uniform(0, 100)),
                value_per_unit=rng.uniform(10, 1000) if valued else None,
                confidence=rng.random(),
            )
        )
        people = rng.sample(ws.participants, len(ws.participants))
        roles = [RaciRole.A, RaciRole.R, RaciRole.R, *[RaciRole.C] * 6]
        for n, person in enumerate(people):
            ws.raci.append(RaciAssignment(key, person.name, roles[n] if n < len(roles) else RaciRole.I))
        for c in ws.channels:
            for crit in ("audience_fit", "outcome_fit"):
                ws.scores.append(Score(key, c.name, crit, rng.randint(1, 5)))
        chosen = rng.sample(ws.channels, 4)
        for c, role in zip(chosen, (ChoiceRole.PRIMARY, ChoiceRole.SUPPORTING, ChoiceRole.SUPPORTING,
                                    ChoiceRole.FALLBACK), strict=True):  # fmt: skip
            ws.choices.append(Choice(key, c.name, role))
    for n in range(actions):
        o = ws.outcomes[n % outcomes]
        owner = rng.choice(ws.participants).name if n % 7 else None
        ws.actions.append(Action(f"Action {n} for {o.key}", o.key, rng.choice(ws.channels).name, owner,
                                 cost=round(rng.uniform(0, 1e4), 2), effort_days=rng.randint(0, 20)))  # fmt: skip
    for p in ws.participants:
        for o in rng.sample(ws.outcomes, 2):
            ws.votes.append(Vote(p.name, o.key, None, 2))
        for o in rng.sample(ws.outcomes, 20):
            ws.votes.append(Vote(p.name, o.key, rng.choice(ws.channels).name, rng.randint(1, 5)))
    return ws
