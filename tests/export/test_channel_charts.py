"""The channel charts read back from the Figure: the stability tornado and an outcome's ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from tests.domain.test_stability import _two_channels
from workshop.domain.formulas import Analysis
from workshop.domain.reports import ranking_chart_data, stability_chart_data
from workshop.export import channel_charts as cc
from workshop.export.charts import figure_for_ranking, figure_for_stability, save_png
from workshop.export.palette import CHANNEL_KIND_COLOURS
from workshop.services.catalog import sample_workshop


def bars(fig) -> list[Rectangle]:  # type: ignore[no-untyped-def]
    ax = fig.axes[0]
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() < 1 and p.get_width() > 0]


def texts(fig) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def test_the_stability_data_is_the_narrowest_interval_first() -> None:
    ws = _two_channels(weight=1.6)  # Website 10 against Instagram 9.8: a fifth either way flips both weights
    data = stability_chart_data(Analysis(ws), "O1")
    assert data.first == "Website"
    assert [(b.criterion, b.sensitive) for b in data.bars] == [("Ease", True), ("Fit", True)]
    ease, fit = data.bars
    assert ease.low is None and ease.high == pytest.approx(3.2 / 3)
    assert fit.low == pytest.approx(1.5) and fit.high is None


def test_the_tornado_draws_each_interval_over_the_multiples_of_the_weight(tmp_path: Path) -> None:
    ws = _two_channels(weight=1.6)
    fig = figure_for_stability(stability_chart_data(Analysis(ws), "O1"))
    drawn = bars(fig)
    assert len(drawn) == 2
    # Rows are drawn bottom up: the last bar of the data (Fit) first, at y = 0.
    fit, ease = sorted(drawn, key=lambda p: p.get_y())
    assert fit.get_x() == pytest.approx(1.5 / 1.6) and fit.get_x() + fit.get_width() == pytest.approx(10.0)
    assert ease.get_x() == pytest.approx(0.1) and ease.get_x() + ease.get_width() == pytest.approx(3.2 / 3)
    assert to_hex(fit.get_facecolor()) == to_hex(cc._SENSITIVE_BAR)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Fit (1.6)", "Ease (1)"]
    assert "Website stays first while each weight stays inside its bar" in fig.axes[0].get_title()
    assert {"no limit", "1.5", "1.1"} <= set(texts(fig))
    save_png(fig, tmp_path / "stability.png")
    assert (tmp_path / "stability.png").stat().st_size > 10_000


def test_a_stable_criterion_is_grey_and_one_candidate_gives_the_message() -> None:
    fig = figure_for_stability(stability_chart_data(Analysis(_two_channels(weight=3.0)), "O1"))
    assert {to_hex(p.get_facecolor()) for p in bars(fig)} == {to_hex(cc._BAR)}
    ws = _two_channels()
    ws.scores = ws.scores[:1]
    fig = figure_for_stability(stability_chart_data(Analysis(ws), "O1"))
    assert cc.NO_CANDIDATES in texts(fig) and not fig.axes


def test_the_ranking_chart_shows_scores_kinds_roles_and_sets_the_incomplete_apart(tmp_path: Path) -> None:
    a = Analysis(sample_workshop())
    data = ranking_chart_data(a, "O1")
    assert [b.channel for b in data.bars] == [cs.channel.name for cs in a.ranking("O1")]
    fig = figure_for_ranking(data)
    drawn = sorted(bars(fig), key=lambda p: -p.get_y())  # top first: the ranking's order
    assert [p.get_width() for p in drawn] == pytest.approx([b.score for b in data.bars])
    forum = drawn[0]
    assert to_hex(forum.get_facecolor()) == to_hex(CHANNEL_KIND_COLOURS[a.ranking("O1")[0].channel.kind])
    assert "85  · PRIMARY" in texts(fig) and "78  · fallback" in texts(fig)
    ws = sample_workshop()
    first = ws.scores[0]
    ws.scores = [s for s in ws.scores if not (s.outcome == first.outcome and s.channel == first.channel)] + [first]
    ws.scores = [s for s in ws.scores if not (s.outcome == first.outcome and s.channel == first.channel
                                               and s.criterion != first.criterion)]  # fmt: skip
    partial = ranking_chart_data(Analysis(ws), first.outcome)
    assert [b.complete for b in partial.bars][-1] is False  # the incomplete one comes last
    fig = figure_for_ranking(partial)
    last = min(bars(fig), key=lambda p: p.get_y())
    assert last.get_hatch() == "//"
    assert any(t.endswith("incomplete") or "incomplete  ·" in t for t in texts(fig))
    save_png(fig, tmp_path / "ranking.png")


def test_an_outcome_with_no_scores_says_so() -> None:
    ws = sample_workshop()
    ws.scores = [s for s in ws.scores if s.outcome != "O3"]
    fig = figure_for_ranking(ranking_chart_data(Analysis(ws), "O3"))
    assert cc.NO_SCORES in texts(fig)
