"""The outcomes stage: outcomes with KPI and value, platform-talk coaching, dot voting, cards, the outcome map."""

from workshop.ui.stages.outcomes.page import OutcomesStagePage

__all__ = ["OutcomesStagePage"]
