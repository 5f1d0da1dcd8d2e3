"""Every check of METHOD.md (Checks), with a message a facilitator understands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from workshop.domain.entities import Participant, Workshop
from workshop.domain.enums import EXPOSED_KINDS, ChannelKind, ChoiceRole, DepartmentFunction, RaciRole, Severity, Stage
from workshop.domain.formulas import Analysis, annual_value, expected_value
from workshop.domain.refs import ItemRef, RefKind
from workshop.domain.text import appears_tokens, name_key, tokens

VANITY_TOKENS = frozenset(
    {
        "follower", "followers", "like", "likes", "fan", "fans", "view", "views", "impression", "impressions",
        "reach", "subscriber", "subscribers", "shares", "retweet", "retweets", "repost", "reposts",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One finding. ``item`` names what a click should select: (kind, key or name or index); a plural
    kind with an empty key names the list itself ItemRef.list_of(RefKind.PARTICIPANT)."""

    code: str
    severity: Severity
    stage: Stage
    subject: str
    message: str
    item: ItemRef

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "stage": self.stage.value,
            "subject": self.subject,
            "message": self.message,
        }


E, W = Severity.ERROR, Severity.WARNING

CHECK_STAGES: dict[str, tuple[Severity, Stage]] = {
    "E_NO_PARTICIPANTS": (E, Stage.SETUP),
    "E_NO_OUTCOMES": (E, Stage.OUTCOMES),
    "W_CHANNEL_LED": (W, Stage.OUTCOMES),
    "W_VANITY": (W, Stage.OUTCOMES),
    "W_UNVALUED": (W, Stage.OUTCOMES),
    "W_NO_KPI": (W, Stage.OUTCOMES),
    "E_NO_ACCOUNTABLE": (E, Stage.STAKEHOLDERS),
    "E_MULTI_ACCOUNTABLE": (E, Stage.STAKEHOLDERS),
    "E_NO_RESPONSIBLE": (E, Stage.STAKEHOLDERS),
    "W_SILO": (W, Stage.STAKEHOLDERS),
    "W_NO_FINANCE": (W, Stage.STAKEHOLDERS),
    "W_DEPT_UNENGAGED": (W, Stage.STAKEHOLDERS),
    "W_OVERLOAD": (W, Stage.STAKEHOLDERS),
    "E_NO_CHANNEL": (E, Stage.CHANNELS),
    "W_NO_OWNED": (W, Stage.CHANNELS),
    "W_SENSITIVE": (W, Stage.CHANNELS),
    "W_DISSENT": (W, Stage.CHANNELS),
    "W_NO_FALLBACK": (W, Stage.RESILIENCE),
    "W_STRANDED": (W, Stage.RESILIENCE),
    "E_ACTION_NO_OWNER": (E, Stage.PLAN),
    "W_OUTCOME_NO_ACTION": (W, Stage.PLAN),
}


def _result(code: str, subject: str, message: str, item: ItemRef) -> CheckResult:
    severity, stage = CHECK_STAGES[code]
    return CheckResult(code, severity, stage, subject, message, item)


def workshop_subject(ws: Workshop) -> str:
    """The workshop as a check's subject: its title, or plainly "(untitled workshop)"."""
    return ws.title.strip() or "(untitled workshop)"


def _join(names: list[str]) -> str:
    return ", ".join(names)


def _setup_checks(ws: Workshop, a: Analysis) -> list[CheckResult]:
    if ws.participants:
        return []
    return [
        _result(
            "E_NO_PARTICIPANTS",
            workshop_subject(ws),
            "Nobody is in the room yet: add the participants.",
            ItemRef.list_of(RefKind.PARTICIPANT),
        )
    ]


CheckGroup = Callable[[Workshop, Analysis], list[CheckResult]]


def _keys(ws: Workshop) -> tuple[str, ...]:
    return tuple(o.key for o in ws.outcomes)


def _groups() -> list[tuple[CheckGroup, Callable[[Workshop], tuple[object, ...]]]]:
    """Each group of checks with everything of the workshop it reads: of the outcomes only what it needs (their
    keys; whether they are valued; their expected value), so a new title reruns only the outcome checks."""
    return [
        (_setup_checks, lambda ws: (ws.participants, ws.title)),
        (_outcome_checks, lambda ws: (ws.outcomes, ws.channels, ws.title)),
        (
            _stakeholder_checks,
            lambda ws: (
                tuple((o.key, annual_value(o) is not None) for o in ws.outcomes),
                ws.raci,
                ws.participants,
                ws.departments,
                ws.overload_limit,
            ),
        ),
        (
            _channel_checks,
            lambda ws: (
                _keys(ws),
                ws.choices,
                ws.channels,
                ws.scores,
                ws.criteria,
                ws.votes,
                ws.participants,
                ws.departments,
            ),
        ),
        (
            _resilience_checks,
            lambda ws: (tuple((o.key, expected_value(o)) for o in ws.outcomes), ws.choices, ws.channels),
        ),
        (_plan_checks, lambda ws: (ws.actions, _keys(ws))),
    ]


def _same(now: tuple[object, ...], before: tuple[object, ...]) -> bool:
    """The same inputs: the very same lists (a reloaded list is a new one), equal settings."""
    return all(x is y if isinstance(x, list) else x == y for x, y in zip(now, before, strict=True))


@dataclass(frozen=True)
class CheckRun:
    """The findings of one state of a workshop, with what each group of checks read: the next state
    (after an edit) runs again only the groups whose inputs changed."""

    results: list[CheckResult]
    inputs: tuple[tuple[object, ...], ...]
    parts: tuple[list[CheckResult], ...]


def check_run(ws: Workshop, analysis: Analysis | None = None, previous: CheckRun | None = None) -> CheckRun:
    a = analysis or Analysis(ws)
    inputs, parts = [], []
    for i, (group, reads) in enumerate(_groups()):
        now = reads(ws)
        part = previous.parts[i] if previous is not None and _same(now, previous.inputs[i]) else group(ws, a)
        inputs.append(now)
        parts.append(part)
    results = [r for part in parts for r in part]
    order = list(Stage)
    results.sort(key=lambda r: order.index(r.stage))
    return CheckRun(results, tuple(inputs), tuple(parts))


def run_checks(ws: Workshop, analysis: Analysis | None = None) -> list[CheckResult]:
    """All findings, by stage and in the table's order, each over items in the room's order."""
    return check_run(ws, analysis).results


def exposed_names(ws: Workshop) -> list[tuple[str, tuple[str, ...]]]:
    """The names and aliases of the workshop's rented, paid and partner channels, with their tokens."""
    return [(name, tokens(name)) for c in ws.channels if c.kind in EXPOSED_KINDS for name in (c.name, *c.aliases)]


def platform_names_in(exposed: list[tuple[str, tuple[str, ...]]], *texts: str | None) -> list[str]:
    """The platform names that appear in the texts (W_CHANNEL_LED), in the channels' order; each text on its own,
    so a name never runs from a title into a metric."""
    parts = [tokens(t) for t in texts]
    present = {tok for part in parts for tok in part}
    return [
        name
        for name, needle in exposed
        if needle and needle[0] in present and any(appears_tokens(needle, part) for part in parts)
    ]


def _outcome_checks(ws: Workshop, a: Analysis) -> list[CheckResult]:
    out: list[CheckResult] = []
    if not ws.outcomes:
        out.append(
            _result(
                "E_NO_OUTCOMES",
                workshop_subject(ws),
                "No business outcome yet: the strategy starts from outcomes.",
                ItemRef.list_of(RefKind.OUTCOME),
            )
        )
    exposed = exposed_names(ws)
    for o in ws.outcomes:
        hits = platform_names_in(exposed, o.title, o.kpi.metric)
        if hits:
            out.append(
                _result(
                    "W_CHANNEL_LED",
                    o.key,
                    f"{o.key} names the platform '{hits[0]}': state the business outcome, and let channels serve it.",
                    ItemRef(RefKind.OUTCOME, o.key),
                )
            )
    for o in ws.outcomes:
        if annual_value(o) is None:
            vanity = sorted(set(tokens(o.kpi.metric)) & VANITY_TOKENS)
            if vanity:
                out.append(
                    _result(
                        "W_VANITY",
                        o.key,
                        f"{o.key} measures '{o.kpi.metric}', a vanity metric ({_join(vanity)}) with no value: "
                        "tie it to money saved or earned.",
                        ItemRef(RefKind.OUTCOME, o.key),
                    )
                )
    for o in ws.outcomes:
        if annual_value(o) is None:
            out.append(
                _result(
                    "W_UNVALUED",
                    o.key,
                    f"{o.key} has no value: give a value per unit of KPI change, or an annual value.",
                    ItemRef(RefKind.OUTCOME, o.key),
                )
            )
    for o in ws.outcomes:
        missing = [
            name
            for name, absent in (
                ("metric", not (o.kpi.metric or "").strip()),
                ("baseline", o.kpi.baseline is None),
                ("target", o.kpi.target is None),
            )
            if absent
        ]
        if missing:
            out.append(
                _result(
                    "W_NO_KPI", o.key, f"{o.key}'s KPI lacks its {_join(missing)}.", ItemRef(RefKind.OUTCOME, o.key)
                )
            )
    return out


def _stakeholder_checks(ws: Workshop, a: Analysis) -> list[CheckResult]:
    out: list[CheckResult] = []
    participants = {name_key(p.name): p for p in ws.participants}
    functions = {name_key(d.name): d.function for d in ws.departments}
    roles: dict[str, dict[RaciRole, list[str]]] = defaultdict(lambda: defaultdict(list))
    folded: dict[str, str] = {}  # each name folded once, not once per RACI cell
    people: dict[str, Participant] = {}
    engaged: set[str] = set()
    load: dict[str, set[str]] = defaultdict(set)
    informed = RaciRole.I
    for r in ws.raci:
        if r.role is informed:
            continue  # no stakeholder check counts an I (most cells of a large matrix are I)
        ok = folded.get(r.outcome) or folded.setdefault(r.outcome, name_key(r.outcome))
        p = people.get(r.participant) or people.setdefault(r.participant, participants[name_key(r.participant)])
        roles[ok][r.role].append(p.name)
        if p.department is not None:
            engaged.add(folded.get(p.department) or folded.setdefault(p.department, name_key(p.department)))
        if r.role is not RaciRole.C:
            load[p.name].add(ok)
    seat = {p.name: i for i, p in enumerate(ws.participants)}
    by_name = {p.name: p for p in ws.participants}
    for held in roles.values():
        for names in held.values():
            names.sort(key=seat.__getitem__)  # the room's order, however the RACI is stored

    def departments_holding(ok: str) -> set[str]:
        held = set()
        for role in (RaciRole.R, RaciRole.A, RaciRole.C):
            for person in roles[ok][role]:
                dept = by_name[person].department
                if dept is not None:
                    held.add(folded.get(dept) or folded.setdefault(dept, name_key(dept)))
        return held

    by_code: dict[str, list[CheckResult]] = defaultdict(list)
    for o in ws.outcomes:
        ok = name_key(o.key)
        item = ItemRef(RefKind.OUTCOME, o.key)
        accountable = roles[ok][RaciRole.A]
        if not accountable:
            by_code["E_NO_ACCOUNTABLE"].append(
                _result("E_NO_ACCOUNTABLE", o.key, f"Nobody is Accountable for {o.key}: name exactly one A.", item)
            )
        elif len(accountable) > 1:
            by_code["E_MULTI_ACCOUNTABLE"].append(
                _result(
                    "E_MULTI_ACCOUNTABLE",
                    o.key,
                    f"{o.key} has {len(accountable)} Accountable people ({_join(accountable)}): keep one A.",
                    item,
                )
            )
        if not roles[ok][RaciRole.R]:
            by_code["E_NO_RESPONSIBLE"].append(
                _result("E_NO_RESPONSIBLE", o.key, f"Nobody is Responsible for {o.key}: name at least one R.", item)
            )
        held = departments_holding(ok)
        if len(held) < 2:
            by_code["W_SILO"].append(
                _result(
                    "W_SILO",
                    o.key,
                    f"{o.key} sits in {'one department' if held else 'no department'}: "
                    "bring a second department in as R, A or C.",
                    item,
                )
            )
        if annual_value(o) is not None and not any(functions.get(d) is DepartmentFunction.FINANCE for d in held):
            by_code["W_NO_FINANCE"].append(
                _result(
                    "W_NO_FINANCE",
                    o.key,
                    f"{o.key} claims a value but finance holds no R, A or C on it: "
                    "ask finance to stand behind the number.",
                    item,
                )
            )
    for code in ("E_NO_ACCOUNTABLE", "E_MULTI_ACCOUNTABLE", "E_NO_RESPONSIBLE", "W_SILO", "W_NO_FINANCE"):
        out += by_code[code]
    staffed = {name_key(p.department) for p in ws.participants if p.department is not None}
    for d in ws.departments:
        dk = name_key(d.name)
        if dk in staffed and dk not in engaged:
            out.append(
                _result(
                    "W_DEPT_UNENGAGED",
                    d.name,
                    f"{d.name} is in the room but holds no R, A or C on any outcome.",
                    ItemRef(RefKind.DEPARTMENT, d.name),
                )
            )
    for p in ws.participants:
        n = len(load[p.name])
        if n > ws.overload_limit:
            out.append(
                _result(
                    "W_OVERLOAD",
                    p.name,
                    f"{p.name} is R or A on {n} outcomes (limit {ws.overload_limit}): share the load.",
                    ItemRef(RefKind.PARTICIPANT, p.name),
                )
            )
    return out


def _channel_checks(ws: Workshop, a: Analysis) -> list[CheckResult]:
    by_code: dict[str, list[CheckResult]] = defaultdict(list)
    for o in ws.outcomes:
        ok = name_key(o.key)
        item = ItemRef(RefKind.OUTCOME, o.key)
        choices = a.choices.get(ok, [])
        if not a.has_active_choice(ok):
            by_code["E_NO_CHANNEL"].append(
                _result("E_NO_CHANNEL", o.key, f"{o.key} has no primary or supporting channel yet.", item)
            )
        if choices and not any(a.channel_by_key[name_key(c.channel)].kind is ChannelKind.OWNED for c in choices):
            by_code["W_NO_OWNED"].append(
                _result(
                    "W_NO_OWNED",
                    o.key,
                    f"{o.key} reaches its audience only through channels the organisation does not own: "
                    "add an owned channel to keep the audience.",
                    item,
                )
            )
        sensitive = a.sensitivity(ok)
        if sensitive:
            names = _join([c.name or c.key for c in sensitive])
            by_code["W_SENSITIVE"].append(
                _result(
                    "W_SENSITIVE",
                    o.key,
                    f"The top channel for {o.key} changes when the weight of {names} moves by 20%: "
                    "confirm those weights with the room.",
                    item,
                )
            )
        dissent = a.dissent(ok)
        if dissent:
            views = _join([f"{dept} prefers {channel}" for dept, channel in dissent.items()])
            by_code["W_DISSENT"].append(_result("W_DISSENT", o.key, f"Departments disagree on {o.key}: {views}.", item))
    return [r for code in ("E_NO_CHANNEL", "W_NO_OWNED", "W_SENSITIVE", "W_DISSENT") for r in by_code[code]]


def _resilience_checks(ws: Workshop, a: Analysis) -> list[CheckResult]:
    out: list[CheckResult] = []
    for o in ws.outcomes:
        ok = name_key(o.key)
        choices = a.choices.get(ok, [])
        active = [c for c in choices if c.role is not ChoiceRole.FALLBACK]
        if (
            active
            and all(a.channel_by_key[name_key(c.channel)].kind in EXPOSED_KINDS for c in active)
            and not any(c.role is ChoiceRole.FALLBACK for c in choices)
        ):
            out.append(
                _result(
                    "W_NO_FALLBACK",
                    o.key,
                    f"{o.key} rests on rented, paid or partner channels only and has no fallback.",
                    ItemRef(RefKind.OUTCOME, o.key),
                )
            )
    stranding: dict[str, list[str]] = defaultdict(list)
    for result in a.demise_results:
        for key in result.stranded:
            label = result.scenario.name if result.scenario.kind == "channel" else f"{result.scenario.name} (owner)"
            stranding[name_key(key)].append(label)
    for o in ws.outcomes:
        scenarios = stranding.get(name_key(o.key))
        if scenarios:
            out.append(
                _result(
                    "W_STRANDED",
                    o.key,
                    f"{o.key} is left with no channel if {' or '.join(scenarios)} goes away.",
                    ItemRef(RefKind.OUTCOME, o.key),
                )
            )
    return out


def _plan_checks(ws: Workshop, a: Analysis) -> list[CheckResult]:
    out: list[CheckResult] = []
    for i, action in enumerate(ws.actions):
        if action.owner is None:
            out.append(
                _result(
                    "E_ACTION_NO_OWNER",
                    action.title,
                    f"The action '{action.title}' has no owner.",
                    ItemRef(RefKind.ACTION, str(i)),
                )
            )
    with_action = {name_key(x.outcome) for x in ws.actions if x.outcome is not None}
    for o in ws.outcomes:
        if name_key(o.key) not in with_action:
            out.append(
                _result("W_OUTCOME_NO_ACTION", o.key, f"{o.key} has no action yet.", ItemRef(RefKind.OUTCOME, o.key))
            )
    return out


def stage_is_ready(results: list[CheckResult], stage: Stage) -> bool:
    """A stage is ready when none of its checks is an error."""
    return not any(r.stage is stage and r.severity is Severity.ERROR for r in results)
