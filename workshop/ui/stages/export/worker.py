"""An export run in a worker thread: the window stays responsive, progress and the outcome come back as signals.

The work gets a snapshot of the workshop (a deep copy), so an edit made while it runs cannot race it. A run keeps
itself alive until its thread ends, even when the page that started it is closed, and every run still going is
cancelled and waited for when the application quits (a QThread destroyed while running takes the process down).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from workshop.services.exports import ExportCancelled, ExportJob, ExportResult
from workshop.services.refusals import REFUSALS, describe_refusal

#: The export itself, run in the worker thread: a service call taking the job (progress and cancel).
ExportCall = Callable[[ExportJob], ExportResult]

#: How long quitting the app waits for a cancelled run to stop (it stops between two parts of the work).
QUIT_WAIT_MS = 30_000

_RUNNING: set[ExportRun] = set()
_QUIT_HOOKED = False


class ExportWorker(QObject):
    """Lives in the worker thread and runs the call there; everything it says goes out through signals."""

    #: ``(done, total, what)`` as the service reports it ("Summary", "Ana Lopez.xlsx").
    progressed = Signal(int, int, str)
    #: The ExportResult: what was written and cleaned, or ``cancelled``.
    finished = Signal(object)
    #: A refusal, in plain words (the file is open in Excel, the folder cannot be written).
    refused = Signal(str)
    #: A programming error: raised again in the window's thread, so it reaches the error log and dialog.
    failed = Signal(object)

    def __init__(self, call: ExportCall, job: ExportJob) -> None:
        super().__init__()
        self._call = call
        self.job = job

    @Slot()
    def run(self) -> None:
        try:
            result = self._call(self.job)
        except ExportCancelled:
            result = ExportResult(cancelled=True)  # stopped before its one file was moved into place
        except REFUSALS as exc:
            self.refused.emit(describe_refusal(exc))
            return
        except Exception as exc:  # handed to the window's thread, which raises it again
            self.failed.emit(exc)
            return
        self.finished.emit(result)


class ExportRun(QObject):
    """One export: its thread, its worker and its job; ``cancel()`` asks it to stop between two parts."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    refused = Signal(str)
    failed = Signal(object)

    def __init__(self, call: ExportCall) -> None:
        super().__init__()
        self.job = ExportJob()
        self.job.progress = self._report
        self.thread = QThread()
        self.thread.setObjectName("exportThread")
        self.worker = ExportWorker(call, self.job)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        for ours, theirs in ((self.finished, self.worker.finished), (self.refused, self.worker.refused),
                             (self.failed, self.worker.failed)):  # fmt: skip
            theirs.connect(ours)
            theirs.connect(self.thread.quit)
        self.worker.progressed.connect(self.progressed)
        self.thread.finished.connect(self._ended)

    def _report(self, done: int, total: int, what: str) -> None:
        self.worker.progressed.emit(done, total, what)  # from the worker thread: queued to the window's

    def start(self) -> None:
        _hook_quit()
        _RUNNING.add(self)
        self.thread.start()

    def cancel(self) -> None:
        self.job.cancel.set()

    @property
    def cancelling(self) -> bool:
        return self.job.cancel.is_set()

    def wait(self, ms: int = QUIT_WAIT_MS) -> bool:
        return self.thread.wait(ms)

    def _ended(self) -> None:
        self.thread.wait()  # ``finished`` comes a moment before the thread is gone; then it may be let go
        self.worker.deleteLater()
        _RUNNING.discard(self)


def running_exports() -> list[ExportRun]:
    return list(_RUNNING)


def stop_all_exports() -> None:
    """Cancel every run still going and wait for each to stop: the app is quitting."""
    for run in list(_RUNNING):
        run.cancel()
        run.wait()
        _RUNNING.discard(run)


def _hook_quit() -> None:
    global _QUIT_HOOKED
    app = QCoreApplication.instance()
    if not _QUIT_HOOKED and app is not None:
        app.aboutToQuit.connect(stop_all_exports)
        _QUIT_HOOKED = True
