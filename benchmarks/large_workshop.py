"""A large, realistic-shaped workshop for benchmarks: 300 outcomes, 60 channels by default."""

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


def large_workshop(outcomes: int = 300, channels: int = 60, participants: int = 40, seed: int = 7) -> Workshop:
    rng = random.Random(seed)
    functions = list(DepartmentFunction)
    ws = Workshop(title="Benchmark", organisation="Bench AG", dots_per_participant=5)
    ws.departments = [Department(f"Dept {i}", functions[i % len(functions)]) for i in range(12)]
    ws.participants = [Participant(f"Person {i}", f"Dept {i % 12}") for i in range(participants)]
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
        people = rng.sample(ws.participants, 4)
        for person, role in zip(people, (RaciRole.A, RaciRole.R, RaciRole.C, RaciRole.I), strict=True):
            ws.raci.append(RaciAssignment(key, person.name, role))
        scored = rng.sample(ws.channels, 12)
        for c in scored:
            for crit in ("audience_fit", "outcome_fit"):
                if rng.random() < 0.95:
                    ws.scores.append(Score(key, c.name, crit, rng.randint(1, 5)))
        roles = [ChoiceRole.PRIMARY, ChoiceRole.SUPPORTING, ChoiceRole.SUPPORTING, ChoiceRole.FALLBACK]
        for c, role in zip(scored, roles, strict=False):
            ws.choices.append(Choice(key, c.name, role))
        ws.actions.append(Action(f"Action for {key}", key, scored[0].name, people[1].name, cost=rng.uniform(0, 1e4)))
    for p in ws.participants:
        o = rng.choice(ws.outcomes)
        ws.votes.append(Vote(p.name, o.key, None, 2))
        ws.votes.append(Vote(p.name, o.key, rng.choice(ws.channels).name, 3))
    return ws
