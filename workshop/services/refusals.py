"""A job not done, in words for a person: one place that words every refusal, for the CLI and the app.

The services raise ``DomainError`` (a broken rule of the method), ``NotFound`` (a workshop or
item that is not there) and ``Refusal`` (anything else the library or a file would not do);
``REFUSALS`` is what a caller catches. A programming error is none of these and travels on
to the error log and dialog.
"""

from __future__ import annotations

from collections.abc import Sequence

from workshop.domain.validation import DomainError, Problem


class Refusal(Exception):
    """What a person is told when a job is not done: one sentence, maybe detail lines; nothing was changed."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def __str__(self) -> str:
        return self.message


class NotFound(Refusal, LookupError):
    """A workshop, an item or a file that is not there."""


class SaveFailed(Refusal):
    """The library could not store an edit (a full disk, a lock held too long); it was rolled back."""


class FileRefused(Refusal):
    """A workshop file that cannot be read; ``problems`` names every one (path, value, reason)."""

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        super().__init__(message, [str(p) for p in problems])
        self.problems = list(problems)


#: Everything a service reports to a person rather than to the error log.
REFUSALS: tuple[type[Exception], ...] = (Refusal, DomainError)

_FIELD_LABELS = {
    "power": "Power",
    "interest": "Interest",
    "currency": "Currency",
    "dots_per_participant": "Dots per participant",
    "overload_limit": "Overload limit",
    "confidence": "Confidence",
    "aliases": "The alias",
}


def field_label(path: str) -> str:
    """The last part of a problem's path as a person names it: ``outcomes[2].kpi.baseline`` is "Baseline"."""
    field = path.rsplit(".", 1)[-1].split("[", 1)[0]
    return _FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _problem_sentence(p: Problem) -> str:
    if p.path == "votes":
        return p.reason + "."
    if p.path == "criteria":  # the list as a whole: "At least one weight must be positive."
        return p.reason[:1].upper() + p.reason[1:] + "."
    label = field_label(p.path)
    if p.value is None or isinstance(p.value, (list, dict)):
        return f"{label} {p.reason}."
    return f"{label} {p.reason} (you entered {p.value!r})."


def describe_refusal(exc: BaseException) -> str:
    """A refusal in one paragraph a facilitator reads: 'Power must be from 1 to 5 (you entered 9).'"""
    problems = getattr(exc, "problems", None)
    if isinstance(exc, DomainError) and problems:
        return " ".join(_problem_sentence(p) for p in problems)
    if isinstance(exc, Refusal):
        return exc.message
    return str(exc.args[0] if exc.args else exc)


def refusal_lines(exc: BaseException) -> tuple[str, list[str]]:
    """A refusal as a sentence and its detail lines (``path: value: reason``), for the command line."""
    if isinstance(exc, DomainError):
        return "The workshop was not changed:", [str(p) for p in exc.problems]
    if isinstance(exc, Refusal):
        return exc.message, list(exc.details)
    return str(exc), []
