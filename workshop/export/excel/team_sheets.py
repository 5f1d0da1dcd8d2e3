"""The team workbook's sheets of the first three stages: outcomes, RACI, channels."""

from __future__ import annotations

from collections import Counter

from openpyxl.styles import Border

from workshop.domain.enums import CATEGORY_TITLES, RaciRole
from workshop.domain.formulas import Analysis, annual_value
from workshop.domain.stability import stability_lines
from workshop.domain.text import name_key
from workshop.export import palette
from workshop.export.excel import styles
from workshop.export.excel.sheet import BookWriter, SheetWriter, Styled

#: The light fills that tell one department's band of the RACI matrix from the next.
_BAND_FILLS = ("#FFFFFF", "#EEF3F8")
NO_DEPARTMENT = "No department"
#: The border of a role cell below a band's first row: none (one object, not one per cell).
_NO_BORDER = Border()


def outcomes_sheet(book: BookWriter, analysis: Analysis) -> SheetWriter:
    """Every outcome in the room's order with its KPI, value, confidence, dots and priority rank."""
    from workshop.export.excel.pictures import outcome_map_png

    s = book.sheet("Outcomes")
    s.title("Outcomes")
    s.note("In the room's order; Rank is the priority (dots first, then expected value).")
    if not analysis.outcomes:
        s.note("No outcomes yet.")
        s.finish()
        return s
    header = s.header(["Key", "Title", "Category", "KPI", "Baseline", "Target", "Unit", "Due", "Value per unit",
                       "Annual value", "Confidence", "Expected value", "Dots", "Rank"])  # fmt: skip
    rank = {name_key(o.key): i for i, o in enumerate(analysis.priority, start=1)}
    dots = analysis.outcome_dots
    evs = analysis.expected_values
    money = book.money
    for o in analysis.outcomes:
        ok = name_key(o.key)
        colour = palette.CATEGORY_COLOURS[o.category]
        s.values(
            [
                o.key,
                o.title,
                Styled(CATEGORY_TITLES[o.category], fill=styles.fill(colour), font=styles.font_on(colour)),
                o.kpi.metric or "",
                Styled(o.kpi.baseline, number_format=styles.NUMBER_FORMAT),
                Styled(o.kpi.target, number_format=styles.NUMBER_FORMAT),
                o.kpi.unit or "",
                Styled(o.kpi.due, number_format=styles.DATE_FORMAT),
                Styled(o.value_per_unit, number_format=money),
                Styled(annual_value(o), number_format=money),
                Styled(o.confidence, number_format=styles.PERCENT_FORMAT),
                Styled(evs[ok], number_format=money),
                int(dots[ok]),
                rank[ok],
            ],
            where=f"outcome {o.key}",
        )
    s.skip()
    s.picture(outcome_map_png(analysis), width=1100)
    s.finish(freeze=f"C{header + 1}")
    return s


def raci_sheet(book: BookWriter, analysis: Analysis) -> SheetWriter:
    """The matrix: people down the side in a band per department, outcomes across, each role in its colour, with
    every person's and every outcome's R and A counts; the silo heatmap below."""
    from workshop.export.excel.pictures import silo_heatmap_png

    ws = analysis.workshop
    s = book.sheet("RACI")
    s.title("Who is Responsible, Accountable, Consulted, Informed")
    s.note("R does the work, A answers for it (one per outcome), C is asked, I is told.")
    if not ws.participants or not ws.outcomes:
        s.note("The matrix needs participants and outcomes.")
        s.finish()
        return s
    roles = {(name_key(a.participant), name_key(a.outcome)): a.role for a in ws.raci}
    outcomes = ws.outcomes
    outcome_keys = [name_key(o.key) for o in outcomes]
    header = s.header(["Department", "Participant", *[o.key for o in outcomes], "R", "A"])
    first_role_column = 3
    for band, (department, people) in enumerate(_bands(analysis)):
        band_fill = styles.fill(_BAND_FILLS[band % 2])
        for index, p in enumerate(people):
            row = s.row
            s.put(row, 1, department if index == 0 else "", fill=band_fill, font=styles.BOLD,
                  border=styles.BAND_TOP if index == 0 else None)  # fmt: skip
            s.put(row, 2, p.name, fill=band_fill, border=styles.BAND_TOP if index == 0 else None, where="participant")
            counts: Counter[RaciRole] = Counter()
            pk = name_key(p.name)
            cell_border = styles.BAND_TOP if index == 0 else _NO_BORDER
            for column, ok in enumerate(outcome_keys, start=first_role_column):
                role = roles.get((pk, ok))
                if role is None:
                    s.put(row, column, None, border=cell_border, fit=False)
                    continue
                counts[role] += 1
                colour = palette.RACI_COLOURS[role]
                s.put(row, column, role.value, fill=styles.fill(colour), font=styles.font_on(colour, bold=True),
                      alignment=styles.CENTRE, border=cell_border)  # fmt: skip
            after = first_role_column + len(outcomes)
            for offset, role in enumerate((RaciRole.R, RaciRole.A)):
                s.put(row, after + offset, counts[role], alignment=styles.CENTRE,
                      border=styles.BAND_TOP if index == 0 else None)  # fmt: skip
            s.row += 1
    # Every assignment counted once (not once per outcome): the matrix of 300 outcomes holds 45,000.
    per_outcome = Counter((ok, role) for (_, ok), role in roles.items())
    for role in (RaciRole.R, RaciRole.A):
        s.put(s.row, 2, f"{role.value} per outcome", font=styles.BOLD)
        for column, ok in enumerate(outcome_keys, start=first_role_column):
            s.put(s.row, column, per_outcome[ok, role], alignment=styles.CENTRE, font=styles.BOLD)
        s.row += 1
    s.skip()
    s.picture(silo_heatmap_png(analysis), width=1100)
    s.finish(freeze=f"C{header + 1}")
    return s


def _bands(analysis: Analysis) -> list[tuple[str, list]]:  # type: ignore[type-arg]
    """The participants grouped by department in the departments' order; those without one last."""
    ws = analysis.workshop
    order = {name_key(d.name): (i, d.name) for i, d in enumerate(ws.departments)}
    groups: dict[str, list] = {}  # type: ignore[type-arg]
    for p in ws.participants:
        known = order.get(name_key(p.department or ""))
        groups.setdefault(known[1] if known else NO_DEPARTMENT, []).append(p)
    ranked = sorted(groups, key=lambda d: order.get(name_key(d), (len(order), d))[0])
    return [(d, groups[d]) for d in ranked]


def channels_sheet(book: BookWriter, analysis: Analysis) -> SheetWriter:
    """Per outcome its ranking, the choices with the reliance in use, what the ranking is sensitive to, the
    departments' favourites and any dissent; then the criteria with their weights and the workshop's channels."""
    ws = analysis.workshop
    s = book.sheet("Channels")
    s.title("Channels for each outcome")
    s.note("Score 0-100 from the weighted criteria; Complete means every criterion was scored.")
    labels = ["Rank", "Channel", "Kind", "Owner", "Score (0-100)", "Complete", "Choice", "Reliance in use"]
    s.header(labels)
    for o in ws.outcomes:
        ok = name_key(o.key)
        s.skip()
        s.put(s.row, 1, f"{o.key}: {o.title}" if o.title else o.key, font=styles.SUBTITLE_FONT, fit=False)
        s.row += 1
        _ranking_rows(s, analysis, ok)
        sensitive = analysis.sensitivity(ok)
        s.note("Sensitive to: " + (", ".join(c.name for c in sensitive) if sensitive else "no criterion"))
        for line in stability_lines(analysis, ok) or ["Fewer than two complete candidates: nothing can flip yet."]:
            s.note(line)
        favourites = analysis.favourites(ok)
        if favourites:
            s.note("Favourites: " + "; ".join(f"{d}: {c}" for d, c in favourites.items()))
        if analysis.dissent(ok):
            s.note("Dissent: the departments' favourites differ.")
    s.skip()
    _criteria_rows(s, analysis)
    s.skip()
    _channel_rows(s, analysis)
    s.finish()
    return s


def _ranking_rows(s: SheetWriter, analysis: Analysis, ok: str) -> None:
    reliance = analysis.reliance.get(ok, {})
    chosen = {name_key(c.channel): c for c in analysis.choices.get(ok, [])}
    ranking = analysis.ranking(ok)
    ranked = {name_key(cs.channel.name) for cs in ranking}
    # A channel chosen without scores still belongs with the outcome's channels, after the scored ones.
    unscored = [analysis.channel_by_key[ck] for ck in chosen if ck not in ranked and ck in analysis.channel_by_key]
    if not ranking and not unscored:
        s.note("No channel scored or chosen yet.")
        return
    rows = [(i, cs.channel, cs.display, cs.complete) for i, cs in enumerate(ranking, start=1)]
    rows += [(None, channel, None, False) for channel in unscored]
    for rank, channel, score, complete in rows:
        ck = name_key(channel.name)
        choice = chosen.get(ck)
        colour = palette.CHANNEL_KIND_COLOURS[channel.kind]
        s.values(
            [
                rank,
                channel.name,
                Styled(channel.kind.value, fill=styles.fill(colour), font=styles.font_on(colour)),
                channel.owner,
                Styled(score, number_format=styles.SCORE_FORMAT),
                "yes" if complete else "no",
                choice.role.value if choice else "",
                Styled(reliance.get(ck) if choice else None, number_format=styles.PERCENT_FORMAT),
            ],
            where=f"channel {channel.name}",
        )


def _criteria_rows(s: SheetWriter, analysis: Analysis) -> None:
    s.put(s.row, 1, "Criteria and weights", font=styles.SUBTITLE_FONT, fit=False)
    s.row += 1
    s.header(["Key", "Criterion", "Weight", "Share of the weight", "Scored"], repeat=False)
    criteria = analysis.workshop.criteria
    total = sum(c.weight for c in criteria)
    for c in criteria:
        s.values(
            [
                c.key,
                c.name,
                Styled(c.weight, number_format=styles.NUMBER_FORMAT),
                Styled(c.weight / total if total else None, number_format=styles.PERCENT_FORMAT),
                "per outcome" if c.per_outcome else "per channel (a rating)",
            ],
            where="criterion",
        )


def _channel_rows(s: SheetWriter, analysis: Analysis) -> None:
    s.put(s.row, 1, "The workshop's channels", font=styles.SUBTITLE_FONT, fit=False)
    s.row += 1
    s.header(["Channel", "Kind", "Owner", "Portability", "Platform risk (1-5)", "Aliases", "Retired"], repeat=False)
    for channel in analysis.workshop.channels:
        colour = palette.CHANNEL_KIND_COLOURS[channel.kind]
        s.values(
            [
                channel.name,
                Styled(channel.kind.value, fill=styles.fill(colour), font=styles.font_on(colour)),
                channel.owner,
                channel.portability.value,
                channel.platform_risk,
                ", ".join(channel.aliases),
                "yes" if channel.retired else "",
            ],
            where=f"channel {channel.name}",
        )
