"""The resilience charts: their data against METHOD.md worked out again here, and the Figures read back (bars, cells,
labels, colours from the palette), drawn at the projector's size and a laptop pane's with nothing cut."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backend_bases import ResizeEvent
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from workshop.domain.entities import Channel, Choice, Outcome, Workshop
from workshop.domain.enums import ChannelKind, ChoiceRole
from workshop.domain.formulas import Analysis
from workshop.domain.resilience_charts import (
    KindShareData,
    OwnerRiskData,
    RelianceHeatmapData,
    kind_share_data,
    owner_risk_data,
    reliance_heatmap_data,
)
from workshop.export import charts
from workshop.export import resilience_charts as rc
from workshop.export.channel_charts import _BAR
from workshop.export.charts import (
    EMPTY_MESSAGE,
    figure_for_kind_shares,
    figure_for_owner_risk,
    figure_for_reliance_heatmap,
    save_png,
)
from workshop.export.palette import CHANNEL_KIND_COLOURS, text_colour_on
from workshop.services.catalog import sample_workshop

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {"owner": figure_for_owner_risk, "heatmap": figure_for_reliance_heatmap, "kinds": figure_for_kind_shares}


# -- METHOD.md again, written out plainly ---------------------------------------------------------------------------


def weights_of(ws: Workshop) -> dict[str, float]:
    """w(o): EV, or the mean EV of the valued outcomes, or 1; all 1 when they sum to 0."""
    evs = {}
    for o in ws.outcomes:
        k = o.kpi
        if o.value_per_unit is not None and k.baseline is not None and k.target is not None:
            value: float | None = abs(k.target - k.baseline) * o.value_per_unit
        else:
            value = o.annual_value
        evs[o.key] = None if value is None else value * o.confidence
    valued = [v for v in evs.values() if v is not None]
    fill = (sum(valued) / len(valued) if valued else 0.0) or 1.0
    w = {key: fill if v is None else v for key, v in evs.items()}
    return w if sum(w.values()) else dict.fromkeys(w, 1.0)


def reliance_of(ws: Workshop) -> dict[str, dict[str, float]]:
    """r(o, c) by outcome key and channel name as written."""
    result: dict[str, dict[str, float]] = {}
    for o in ws.outcomes:
        active = [c for c in ws.choices if c.outcome == o.key and c.role is not ChoiceRole.FALLBACK]
        if active and all(c.reliance is not None for c in active):
            total = sum(c.reliance or 0.0 for c in active)
            result[o.key] = {c.channel: (c.reliance or 0.0) / total for c in active}
            continue
        primary = [c.channel for c in active if c.role is ChoiceRole.PRIMARY]
        supporting = [c.channel for c in active if c.role is ChoiceRole.SUPPORTING]
        p, s = (0.7, 0.3) if primary and supporting else (1.0, 1.0)
        result[o.key] = {c: p / len(primary) for c in primary} | {c: s / len(supporting) for c in supporting}
    return result


def owner_var(ws: Workshop, owner: str) -> tuple[float, list[str]]:
    """VaR of an owner's demise and the outcomes it strands."""
    members = {c.name for c in ws.channels if c.owner.strip() == owner}
    w, r = weights_of(ws), reliance_of(ws)
    total, stranded = 0.0, []
    for o in ws.outcomes:
        lost = sum(share for c, share in r[o.key].items() if c in members)
        live = any(c.outcome == o.key and c.role is ChoiceRole.FALLBACK and c.channel not in members
                   for c in ws.choices)  # fmt: skip
        total += w[o.key] * lost * (0.5 if live else 1.0)
        if r[o.key] and lost >= 1 - 1e-9 and not live:
            stranded.append(o.key)
    return total, stranded


def unvalued(ws: Workshop) -> Workshop:
    return replace(ws, outcomes=[replace(o, value_per_unit=None, annual_value=None) for o in ws.outcomes])


def small(*owners: str, roles: tuple[ChoiceRole, ...] = (ChoiceRole.PRIMARY,)) -> Workshop:
    """One outcome per owner, each relying on that owner's one rented channel (in the given roles, in turn)."""
    channels = [Channel(f"{owner} page", ChannelKind.RENTED, owner) for owner in owners]
    outcomes = [Outcome(f"O{i + 1}", f"Outcome {i + 1}", annual_value=1000.0) for i in range(len(owners))]
    choices = [Choice(o.key, c.name, role) for o, c, role in zip(outcomes, channels, itertools.cycle(roles))]
    return Workshop(title="Small", outcomes=outcomes, channels=channels, choices=choices)


@pytest.fixture(scope="module")
def sample() -> Workshop:
    return sample_workshop()


@pytest.fixture(scope="module")
def analysis(sample: Workshop) -> Analysis:
    return Analysis(sample)


# -- the data -------------------------------------------------------------------------------------------------------


def test_owner_risk_is_each_owner_scenario_highest_first(sample: Workshop, analysis: Analysis) -> None:
    data = owner_risk_data(analysis)
    assert [b.owner for b in data.bars] == ["Meta", "Partners (various)", "Trustpilot", "Microsoft", "Alphabet",
                                            "Strava"]  # fmt: skip
    total = sum(weights_of(sample).values())
    assert data.total_weight == pytest.approx(total)
    for bar in data.bars:
        var, stranded = owner_var(sample, bar.owner)
        assert bar.value_at_risk == pytest.approx(var)
        assert bar.share == pytest.approx(var / total)
        assert list(bar.stranded) == stranded and bar.stranded_count == len(stranded)
    meta = data.bars[0]
    assert meta.stranded == ("O3",) and meta.channels == ("Instagram", "Meta Ads")
    assert data.bars[-2].channels == ("YouTube", "Google Ads")
    assert data.worst is meta
    assert data.resilience_score == pytest.approx(100 * (1 - meta.value_at_risk / total))
    assert data.valued and data.currency == "EUR" and data.unvalued == 1
    assert (data.outcomes, data.chosen) == (8, 14)


def test_an_unvalued_workshop_gives_shares_and_ties_keep_the_scenarios_order(sample: Workshop) -> None:
    ws = unvalued(sample)
    data = owner_risk_data(Analysis(ws))
    assert not data.valued and data.unvalued == 8
    assert data.total_weight == 8
    for bar in data.bars:
        assert bar.share == pytest.approx(owner_var(ws, bar.owner)[0] / 8)
    tied = owner_risk_data(Analysis(small("Zeta", "Alpha", "Mid")))
    assert [b.owner for b in tied.bars] == ["Zeta", "Alpha", "Mid"]  # as the scenarios come, not by name
    assert [b.share for b in tied.bars] == pytest.approx([1 / 3] * 3)
    ws = small("Zeta", "Alpha")
    ws.choices.append(Choice("O2", "Zeta page", ChoiceRole.SUPPORTING))
    assert [b.owner for b in owner_risk_data(Analysis(ws)).bars] == ["Zeta", "Alpha"]


def test_the_heatmap_is_outcomes_by_chosen_channels_with_reliance_and_fallbacks(
    sample: Workshop, analysis: Analysis
) -> None:
    data = reliance_heatmap_data(analysis)
    assert data.rows[0] == "O1 Cut support cost per customer"
    assert data.keys == tuple(o.key for o in sample.outcomes)
    chosen = {c.channel for c in sample.choices}
    assert [c.channel for c in data.columns] == [c.name for c in sample.channels if c.name in chosen]
    assert [c.kind for c in data.columns] == [c.kind for c in sample.channels if c.name in chosen]
    r = reliance_of(sample)
    for i, o in enumerate(sample.outcomes):
        for j, col in enumerate(data.columns):
            assert data.cells[i][j] == pytest.approx(r[o.key].get(col.channel, 0.0))
    fallbacks = {(data.keys[i], data.columns[j].channel) for i, j in np.argwhere(np.array(data.fallbacks))}
    assert fallbacks == {(c.outcome, c.channel) for c in sample.choices if c.role is ChoiceRole.FALLBACK}
    assert [round(sum(row), 9) for row in data.cells] == [1, 1, 1, 1, 1, 1, 0, 1]  # O7 has no channel
    assert data.kinds == tuple(ChannelKind)


def test_kind_shares_weigh_each_outcome_and_sum_to_one(sample: Workshop, analysis: Analysis) -> None:
    data = kind_share_data(analysis)
    assert [s.kind for s in data.shares] == list(ChannelKind)
    w, r = weights_of(sample), reliance_of(sample)
    kinds = {c.name: c.kind for c in sample.channels}
    mass: dict[ChannelKind, float] = defaultdict(float)
    for key, row in r.items():
        for channel, share in row.items():
            mass[kinds[channel]] += w[key] * share
    whole = sum(mass.values())
    for s in data.shares:
        assert s.share == pytest.approx(mass[s.kind] / whole)
    assert sum(s.share for s in data.shares) == pytest.approx(1.0)
    assert data.uncovered == ("O7",) and data.uncovered_share == pytest.approx(w["O7"] / sum(w.values()))
    assert data.exposed_share == pytest.approx(sum(mass[k] for k in ("rented", "paid", "partner")) / whole)
    # The portfolio's owned share counts the uncovered outcome's weight too: the same figure on another base.
    assert analysis.portfolio is not None
    owned = data.share_of(ChannelKind.OWNED) * (1 - data.uncovered_share)
    assert owned == pytest.approx(analysis.portfolio.owned_share)


def test_nothing_to_show_is_data_too() -> None:
    empty = Analysis(Workshop(title="Empty"))
    risk, heat, kinds = owner_risk_data(empty), reliance_heatmap_data(empty), kind_share_data(empty)
    assert risk.bars == () and risk.resilience_score is None and risk.worst is None and risk.outcomes == 0
    assert heat.keys == heat.columns == heat.cells == ()
    assert not kinds.relied and kinds.uncovered == () and kinds.uncovered_share == 0
    unchosen = Analysis(replace(small("Meta"), choices=[]))
    assert owner_risk_data(unchosen).chosen == 0 and reliance_heatmap_data(unchosen).columns == ()
    assert kind_share_data(unchosen).uncovered == ("O1",) and kind_share_data(unchosen).exposed_share == 0


# -- reading a figure back ------------------------------------------------------------------------------------------


def bars(fig: Figure) -> list[Rectangle]:
    """The bars, top first."""
    ax = fig.axes[0]
    found = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() < 1]
    return sorted(found, key=lambda p: -p.get_y())


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def yticks(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()][::-1]


def drawn(fig: Figure) -> Figure:
    fig.draw_without_rendering()
    return fig


def test_the_owner_bars_are_the_data_in_money(analysis: Analysis) -> None:
    data = owner_risk_data(analysis)
    fig = drawn(figure_for_owner_risk(data))
    drawn_bars = bars(fig)
    assert [p.get_width() for p in drawn_bars] == pytest.approx([b.value_at_risk for b in data.bars])
    colours = [to_hex(p.get_facecolor()) for p in drawn_bars]
    assert colours == [to_hex(rc.STRANDS_COLOUR)] + [to_hex(_BAR)] * 5
    assert yticks(fig.axes[0]) == [b.owner for b in data.bars]
    below = {t.get_gid(): t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("channels:")}
    assert below["channels:Meta"] == "Instagram, Meta Ads" and below["channels:Strava"] == "Strava club"
    notes = [t for t in fig.axes[0].texts if not t.get_gid()]
    labels = [t.get_text() for t in sorted(notes, key=lambda t: -t.xy[1])]  # type: ignore[attr-defined]
    assert labels[:3] == ["146k EUR · 14% · strands O3", "82.5k EUR · 8%", "56k EUR · 5%"]
    assert labels[-1] == "3.17k EUR · <1%"
    assert fig.axes[0].get_title().replace("\n", " ") == (
        "Resilience score 86: if Meta went, 14% of the portfolio's value would be at risk"
    )
    assert "the unvalued outcome counted at the mean value" in fig.axes[0].get_xlabel().replace("\n", " ")
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()][1].startswith("strands an outcome")


def test_unvalued_owner_bars_are_shares(sample: Workshop) -> None:
    data = owner_risk_data(Analysis(unvalued(sample)))
    fig = drawn(figure_for_owner_risk(data))
    assert [p.get_width() for p in bars(fig)] == pytest.approx([b.share for b in data.bars])
    assert not any("EUR" in t for t in texts(fig))
    notes = [t.get_text() for t in fig.axes[0].texts if not t.get_gid()]
    assert notes[::-1] == ["14% · strands O3", "9%", "6%", "3%", "2%", "<1%"]
    assert "no outcome is valued yet" in fig.axes[0].get_xlabel().replace("\n", " ")
    assert all(t.get_text().endswith("%") for t in fig.axes[0].get_xticklabels() if t.get_text())


def test_the_heatmap_cells_are_tinted_by_kind_and_reliance(analysis: Analysis) -> None:
    data = reliance_heatmap_data(analysis)
    fig = drawn(figure_for_reliance_heatmap(data))
    (ax,) = fig.axes
    image = np.asarray(ax.images[0].get_array())
    assert image.shape == (8, 14, 3)
    for i, row in enumerate(data.cells):
        for j, r in enumerate(row):
            assert to_hex(image[i, j]) == rc.tint(data.columns[j].kind, r)
    assert rc.tint(ChannelKind.OWNED, 1.0) == CHANNEL_KIND_COLOURS[ChannelKind.OWNED].lower()
    assert rc.tint(ChannelKind.RENTED, 0.0) == "#ffffff"
    light, dark = rc.tint(ChannelKind.RENTED, 0.1), rc.tint(ChannelKind.RENTED, 0.7)
    assert sum(to_rgb(light)) > sum(to_rgb(dark)) > sum(to_rgb(CHANNEL_KIND_COLOURS[ChannelKind.RENTED]))
    strips = {line.get_gid(): to_hex(line.get_color()) for line in ax.lines if isinstance(line, Line2D)}
    assert strips == {f"kind:{c.channel}": CHANNEL_KIND_COLOURS[c.kind].lower() for c in data.columns}
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in ax.texts
             if t.get_text() != rc.NO_CHANNEL_ROW}  # fmt: skip
    assert cells[(0, 2)].get_text() == "70%" and cells[(0, 0)].get_text() == "15%"
    assert cells[(0, 1)].get_text() == rc.FALLBACK_MARK  # O1 falls back on the newsletter
    assert {k for k, t in cells.items() if t.get_text() == rc.FALLBACK_MARK} == {
        (i, j) for i, row in enumerate(data.fallbacks) for j, f in enumerate(row) if f
    }
    assert all(t.get_visible() and t.get_fontsize() == rc.CELL_LABEL_SIZES[0] for t in cells.values())
    assert all(to_hex(t.get_color()) == to_hex(text_colour_on(rc.tint(data.columns[x].kind, data.cells[y][x])))
               for (y, x), t in cells.items())  # fmt: skip
    assert rc.NO_CHANNEL_ROW in [t.get_text() for t in ax.texts]  # O7
    assert yticks(ax)[::-1][:2] == ["O1  Cut support cost per customer", "O2  Grow direct online sales"]
    assert [t.get_text() for t in ax.get_xticklabels()][:3] == ["Company website", "Email newsletter",
                                                                 "Customer community forum"]  # fmt: skip
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [k.value for k in ChannelKind] + ["F: fallback"]
    handles = {t.get_text(): to_hex(h.get_facecolor()) for t, h in zip(legend.get_texts(), legend.legend_handles,
                                                                         strict=True)}  # fmt: skip
    assert all(handles[k.value] == CHANNEL_KIND_COLOURS[k].lower() for k in ChannelKind)


def test_the_kind_shares_are_bars_in_the_kinds_colours(analysis: Analysis) -> None:
    data = kind_share_data(analysis)
    fig = drawn(figure_for_kind_shares(data))
    ranked = sorted(data.shares, key=lambda s: -s.share)
    assert [p.get_width() for p in bars(fig)] == pytest.approx([s.share for s in ranked])
    assert [to_hex(p.get_facecolor()) for p in bars(fig)] == [CHANNEL_KIND_COLOURS[s.kind].lower() for s in ranked]
    assert yticks(fig.axes[0])[:2] == ["owned", "rented  (exposed)"]
    labels = [t.get_text() for t in sorted(fig.axes[0].texts, key=lambda t: -t.xy[1])]  # type: ignore[attr-defined]
    assert labels == ["34%", "24%", "16%", "14%", "7%", "5%"]
    title = fig.axes[0].get_title().replace("\n", " ")
    assert title == "Owned 34% · exposed (rented, paid, partner) 46% · O7 relies on no channel yet, left out"


def test_a_zero_share_still_has_its_bar_and_label() -> None:
    fig = drawn(figure_for_kind_shares(kind_share_data(Analysis(small("Meta")))))
    assert [p.get_width() for p in bars(fig)] == [1.0, 0, 0, 0, 0, 0]
    assert [t.get_text() for t in fig.axes[0].texts].count("0%") == 5
    assert "100%" in texts(fig)


# -- nothing to draw ------------------------------------------------------------------------------------------------


def test_nothing_to_draw_says_why() -> None:
    empty = Analysis(Workshop(title="Empty"))
    unchosen = Analysis(replace(small("Meta"), choices=[]))
    own = small("(own)")
    fallbacks_only = Analysis(small("Meta", roles=(ChoiceRole.FALLBACK,)))
    cases = [
        (figure_for_owner_risk(owner_risk_data(empty)), EMPTY_MESSAGE),
        (figure_for_reliance_heatmap(reliance_heatmap_data(empty)), EMPTY_MESSAGE),
        (figure_for_kind_shares(kind_share_data(empty)), EMPTY_MESSAGE),
        (figure_for_owner_risk(owner_risk_data(unchosen)), rc.NO_CHOICE_MESSAGE),
        (figure_for_reliance_heatmap(reliance_heatmap_data(unchosen)), rc.NO_CHOICE_MESSAGE),
        (figure_for_kind_shares(kind_share_data(unchosen)), rc.NO_CHOICE_MESSAGE),
        (figure_for_owner_risk(owner_risk_data(Analysis(own))), rc.NO_OWNER_MESSAGE),
        (figure_for_kind_shares(kind_share_data(fallbacks_only)), rc.ONLY_FALLBACKS_MESSAGE),
    ]
    for fig, text in cases:
        assert not fig.axes
        assert message_of(fig) == [text]
    fig = figure_for_reliance_heatmap(reliance_heatmap_data(fallbacks_only))  # a fallback is still drawn
    assert [t.get_text() for t in fig.axes[0].texts] == [rc.FALLBACK_MARK]


def test_an_owner_whose_channels_are_only_fallbacks_risks_nothing() -> None:
    ws = small("Meta", "Alphabet", roles=(ChoiceRole.PRIMARY, ChoiceRole.FALLBACK))
    ws.choices.append(Choice("O2", "Meta page", ChoiceRole.PRIMARY))
    data = owner_risk_data(Analysis(ws))
    assert [(b.owner, b.value_at_risk) for b in data.bars] == [("Meta", 750.0), ("Alphabet", 0.0)]  # EV 500 each
    fig = drawn(figure_for_owner_risk(data))
    assert [p.get_width() for p in bars(fig)] == [750.0, 0.0]
    assert "0 EUR · 0%" in texts(fig)


# -- fitting: drawn at the projector's size and a laptop pane's, nothing cut, nothing on top of each other --------


def shown_texts(fig: Figure) -> list[Text]:
    """Every text drawn: the figure's, the legends', and each plot's (only the ticks inside its view limits)."""
    found = [*fig.texts, *(t for legend in fig.legends for t in [*legend.get_texts(), legend.get_title()])]
    for ax in fig.axes:
        low, high = sorted(ax.get_xlim())
        ticks = [t for t in ax.get_xticklabels() if low - 1e-9 <= t.get_position()[0] <= high + 1e-9]
        found += [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label, *ticks, *ax.get_yticklabels()]
    return [t for t in found if t.get_visible() and t.get_text()]


def message_of(fig: Figure) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in fig.texts if t is not fig._suptitle]


def in_frame(fig: Figure) -> None:
    frame = fig.bbox
    for t in shown_texts(fig):
        if not (t.get_visible() and t.get_text()):
            continue
        box = t.get_window_extent()
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, t.get_text()
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, t.get_text()
        assert t.get_fontsize() >= 12, t.get_text()


def apart(labels: list[Text]) -> bool:
    found = [t.get_window_extent() for t in labels if t.get_visible() and t.get_text()]
    return not any(a.overlaps(b) for a, b in itertools.combinations(found, 2))


def slanted_apart(fig: Figure, ax: Axes) -> bool:
    """Slanted names (whose boxes always overlap) stay apart by the distance between their parallel baselines."""
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    assert {t.get_rotation() for t in labels} == {rc._SLANT}
    anchors = [float(t.get_transform().transform(t.get_position())[0]) for t in labels]
    line = max(t.get_fontsize() for t in labels) * fig.dpi / 72
    return all((b - a) * math.sin(math.radians(rc._SLANT)) >= line for a, b in itertools.pairwise(anchors))


def built(name: str, analysis: Analysis, dpi: float) -> Figure:
    data: OwnerRiskData | RelianceHeatmapData | KindShareData = {
        "owner": owner_risk_data, "heatmap": reliance_heatmap_data, "kinds": kind_share_data,
    }[name](analysis)  # fmt: skip
    return FIGURES[name](data, dpi=dpi)  # type: ignore[operator]


def check_fitted(fig: Figure) -> None:
    drawn(fig)
    in_frame(fig)
    ax = fig.axes[0]
    assert apart([*ax.get_yticklabels(), *(t for t in ax.texts if (t.get_gid() or "").startswith("channels:"))])
    for legend in fig.legends:
        assert not legend.get_window_extent().overlaps(ax.get_window_extent())
    title = fig.get_suptitle()
    assert title
    for label in [*ax.texts, ax.title]:  # every label inside the plot or above it, none under the main title
        if label.get_visible() and label.get_text():
            assert label.get_window_extent().y1 < fig._suptitle.get_window_extent().y0, label.get_text()  # type: ignore[union-attr]
    if ax.get_gid() == "reliance-heatmap":
        assert slanted_apart(fig, ax)
    else:
        box = ax.get_window_extent()
        for note in ax.texts:
            assert note.get_window_extent().x1 <= box.x1 + 1, note.get_text()  # inside the value axis


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize(("dpi", "pixels"), [(120, (1080, 1920)), (56, (504, 896))])
def test_each_figure_saves_at_both_sizes_with_nothing_cut(
    name: str, dpi: int, pixels: tuple[int, int], analysis: Analysis, tmp_path: Path
) -> None:
    fig = built(name, analysis, dpi)
    check_fitted(fig)
    target = save_png(fig, tmp_path / f"{name}.png")
    assert imread(str(target)).shape[:2] == pixels


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize("inches", [(9.0, 5.6), (12.0, 9.0), (16.0, 6.0), (22.5, 5.6), (7.0, 5.6), (8.0, 4.5)])
def test_each_figure_refits_when_a_canvas_resizes_it(
    name: str, inches: tuple[float, float], analysis: Analysis
) -> None:
    fig = built(name, analysis, 100)
    fig.set_size_inches(*inches)
    ResizeEvent("resize_event", fig.canvas)._process()  # what an embedding canvas does on resize
    check_fitted(fig)


def test_a_narrow_pane_thins_the_heatmap_labels_and_hides_cell_labels_that_do_not_fit(analysis: Analysis) -> None:
    fig = built("heatmap", analysis, 100)
    fig.set_size_inches(9.0, 5.6)
    ResizeEvent("resize_event", fig.canvas)._process()
    drawn(fig)
    ax = fig.axes[0]
    assert slanted_apart(fig, ax) and apart(ax.get_yticklabels())
    assert all(len(t.get_text()) <= rc.COLUMN_CHARS for t in ax.get_xticklabels())
    assert not any(t.get_visible() for t in ax.texts if t.get_text().endswith("%"))  # 30-point cells: no room


def test_the_large_workshop_heatmap_labels_every_nth(tmp_path: Path) -> None:
    from benchmarks.large_workshop import large_workshop

    data = reliance_heatmap_data(Analysis(large_workshop()))
    fig = drawn(figure_for_reliance_heatmap(data))
    ax = fig.axes[0]
    assert np.asarray(ax.images[0].get_array()).shape == (300, 60, 3)
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["O1", "O21"]
    assert "every 20th of the 300 outcomes labelled" in ax.get_xlabel().replace("\n", " ")
    assert not any(t.get_visible() for t in ax.texts)
    in_frame(fig)
    save_png(fig, tmp_path / "large.png")


def test_a_long_message_breaks_into_lines_on_a_narrow_pane() -> None:
    fig = figure_for_owner_risk(owner_risk_data(Analysis(small("(own)"))), dpi=100)
    fig.set_size_inches(7.0, 5.0)
    ResizeEvent("resize_event", fig.canvas)._process()
    drawn(fig)
    (text,) = [t for t in fig.texts if t is not fig._suptitle]
    assert "\n" in text.get_text()
    in_frame(fig)


BUILD = """
import sys
from workshop.domain.formulas import Analysis
from workshop.domain.resilience_charts import kind_share_data, owner_risk_data, reliance_heatmap_data
from workshop.export.charts import figure_for_kind_shares, figure_for_owner_risk, figure_for_reliance_heatmap
from workshop.services.catalog import sample_workshop
a = Analysis(sample_workshop())
for fig in (figure_for_owner_risk(owner_risk_data(a)), figure_for_reliance_heatmap(reliance_heatmap_data(a)),
            figure_for_kind_shares(kind_share_data(a))):
    fig.draw_without_rendering()
print(",".join(m for m in ("matplotlib.pyplot", "PySide6", "PyQt5", "PyQt6") if m in sys.modules) or "none")
"""


def test_built_through_charts_without_pyplot_or_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run([sys.executable, "-c", BUILD], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert proc.stdout.strip() == "none", proc.stdout + proc.stderr
    assert charts.figure_for_owner_risk is not rc.figure_for_owner_risk  # a thin wrapper, as for the other charts
