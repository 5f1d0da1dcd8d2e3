"""The portfolio at a glance: resilience score, owned share and owner concentration, each a large figure with
one plain sentence a CFO understands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from workshop.domain.resilience import hhi_band, portfolio_words
from workshop.ui.session import WorkshopSession
from workshop.ui.widgets.grid_parts import fitted_lines

#: The figures are this much larger than the app's text, to be read from the back of the room.
FIGURE_SCALE = 2.0


class FigureTile(QFrame):
    """One figure: a caption, the number large, and its sentence."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setObjectName("figureCaption")
        self.value = QLabel()
        self.value.setObjectName("figureValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * FIGURE_SCALE)
        font.setBold(True)
        self.value.setFont(font)
        self.sentence = QLabel()
        self.sentence.setObjectName("figureSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for label in (self.caption, self.value, self.sentence):
            layout.addWidget(label)
        layout.addStretch(1)

        self._text = ""
        self._lines: int | None = None

    def show_figure(self, value: str, sentence: str) -> None:
        self.value.setText(value)
        self._text = sentence
        self.setToolTip(sentence)
        self._fit()

    def set_lines(self, lines: int | None) -> None:
        """At most ``lines`` lines of the sentence (the rest elided, whole in the tooltip), or all of it."""
        self._lines = lines
        self._fit()

    def _fit(self) -> None:
        if self._lines is None:
            self.sentence.setText(self._text)
            return
        width = max(40, self.sentence.width())
        self.sentence.setText("\n".join(fitted_lines(self._text, self.sentence.fontMetrics(), width, self._lines)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class PortfolioGlance(QWidget):
    """Three tiles side by side, following the session's figures."""

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.resilience = FigureTile(self.tr("Resilience score"))
        self.owned = FigureTile(self.tr("Owned share"))
        self.concentration = FigureTile(self.tr("Owner concentration (HHI)"))
        for tile in (self.resilience, self.owned, self.concentration):
            tile.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # three equal tiles
            layout.addWidget(tile, 1)

    def set_compact(self, compact: bool) -> None:
        """On a short window (a laptop at 1280x720) each sentence keeps two lines, so the views keep the room."""
        for tile in (self.resilience, self.owned, self.concentration):
            tile.set_lines(2 if compact else None)

    def refresh(self) -> None:
        analysis = self.session.analysis
        p = analysis.portfolio
        words = portfolio_words(analysis, analysis.workshop.currency)
        if p is None or words is None:
            none = self.tr("No outcome yet: nothing to put at risk.")
            for tile in (self.resilience, self.owned, self.concentration):
                tile.show_figure("n/a", none)
            return
        self.resilience.show_figure(f"{p.resilience_score:.0f} / 100", words.resilience or "")
        self.owned.show_figure(f"{100 * p.owned_share:.0f}%", words.owned or "")
        self.concentration.show_figure(f"{p.hhi:.2f}", words.concentration or "")
        self.concentration.value.setToolTip(hhi_band(p.hhi))
