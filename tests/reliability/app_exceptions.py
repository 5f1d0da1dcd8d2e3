"""Exceptions in the app: raised in a slot, a timer callback, a ``threading.Thread`` and a ``QThread``, each must
be logged with its traceback, shown in the error dialog (which is then closed by its OK button), leave the app
responding (events still run, the next edit saves) and leave the library with no open transaction and no half
edit. The slot and the timer raise inside a service transaction, after an edit in it was flushed."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.reliability.figures import Figure

#: How long an exception may take to reach the dialog, and the app to answer afterwards.
TIMEOUT_S = 5.0


class _Injected(RuntimeError):
    """The exception each place raises: its message is unique, so dialogs and log lines are told apart."""


def run(long: bool, seed: int) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert app is not None
    rounds = 10 if long else 1
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="sw-app-exceptions-") as tmp:
        return [_measure(Path(tmp), rounds, rng)]


def _measure(tmp: Path, rounds: int, rng: random.Random) -> Figure:
    from workshop.services.catalog import sample_workshop
    from workshop.services.library_service import LibraryService
    from workshop.services.workshops import WorkshopService
    from workshop.ui import settings as S
    from workshop.ui.errors import ExceptionHandler
    from workshop.ui.main_window import MainWindow

    library_path = tmp / "library.sqlite3"
    with LibraryService.open(library_path) as lib:
        wid = WorkshopService(lib.library).import_workshop(sample_workshop()).result
    log_path = tmp / "social-working.log"
    file_handler = logging.FileHandler(log_path, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    workshop_log = logging.getLogger("workshop")
    workshop_log.addHandler(file_handler)
    handler = ExceptionHandler(log_path)
    window = MainWindow(S.AppSettings(tmp / "settings.ini"), library_path, keep_layout=False)
    places = _places()
    failures: list[str] = []
    handler.install()
    try:
        window.show()
        window.open_workshop(wid)
        for place, raise_it in places.items():
            for round_ in range(rounds):
                marker = f"injected in a {place}, round {round_}, #{rng.randrange(10**9)}"
                problem = _one(window, handler, log_path, library_path, wid, place, marker, raise_it)
                if problem:
                    failures.append(f"{place}: {problem}")
                    break
    finally:
        handler.uninstall()
        for dialog in list(handler.dialogs):
            dialog.done(0)
        try:
            window.close()
        except Exception as exc:  # a leaked transaction shows here as a pool timeout
            closing = f"closing the window afterwards raised {type(exc).__name__}: {exc}"
            if failures:
                failures[-1] += f"; {closing}"
            else:
                failures.append(f"{list(places)[-1]}: {closing}")
        window.deleteLater()
        _process_events(0.05)
        workshop_log.removeHandler(file_handler)
        file_handler.close()
    return Figure("app_exceptions_unhandled", len(places), failures, unit="places")


Raiser = Callable[["object", int, str], None]


def _places() -> dict[str, Raiser]:
    return {
        "slot": _raise_in_slot,
        "timer": _raise_in_timer,
        "thread": _raise_in_thread,
        "qthread": _raise_in_qthread,
    }


def _half_edit_then_raise(window: object, wid: int, marker: str) -> None:
    """An edit flushed inside a service transaction, then the exception: the transaction must roll back whole."""
    service = window.service  # type: ignore[attr-defined]

    def run() -> None:
        service.update_workshop(wid, title=f"HALF {marker}")
        raise _Injected(marker)

    service.batch("Rename, then fail", wid, run)


def _raise_in_slot(window: object, wid: int, marker: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    button = QPushButton("Raise", window)  # type: ignore[call-overload]
    button.clicked.connect(lambda: _half_edit_then_raise(window, wid, marker))
    button.show()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    button.deleteLater()


def _raise_in_timer(window: object, wid: int, marker: str) -> None:
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: _half_edit_then_raise(window, wid, marker))


def _raise_in_thread(window: object, wid: int, marker: str) -> None:
    def work() -> None:
        raise _Injected(marker)

    worker = threading.Thread(target=work, name="app-exceptions-worker", daemon=True)
    worker.start()
    worker.join(TIMEOUT_S)


def _raise_in_qthread(window: object, wid: int, marker: str) -> None:
    from PySide6.QtCore import QThread

    class Worker(QThread):
        def run(self) -> None:
            raise _Injected(marker)

    worker = Worker()
    worker.start()
    worker.wait(int(TIMEOUT_S * 1000))
    _KEEP.append(worker)  # a QThread must outlive its run; dropped once it is done


_KEEP: list[object] = []


def _one(
    window: object,
    handler: object,
    log_path: Path,
    library_path: Path,
    wid: int,
    place: str,
    marker: str,
    raise_it: Raiser,
) -> str:
    """What broke at this place, or "" when every guarantee held."""
    from PySide6.QtWidgets import QDialogButtonBox

    title_before = _title(library_path, wid)
    raise_it(window, wid, marker)
    dialogs = handler.dialogs  # type: ignore[attr-defined]
    if not _wait(lambda: any(marker in d.message.text() for d in dialogs)):
        return f"no error dialog within {TIMEOUT_S:.0f} s"
    dialog = next(d for d in dialogs if marker in d.message.text())
    if "Traceback (most recent call last)" not in dialog.details.toPlainText():
        return "the dialog shows no traceback"
    logged = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    at = logged.find(marker)
    if at < 0 or "Traceback (most recent call last)" not in logged[:at]:
        return "the log file holds no traceback of it"
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    if not _wait(lambda: dialog not in dialogs):
        return "the dialog did not close on OK"
    if _title(library_path, wid) != title_before:
        return "the library holds half of the failed edit"
    if not _no_write_transaction(library_path):
        return "the library is left in an open write transaction"
    fired: list[bool] = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: fired.append(True))
    if not _wait(lambda: bool(fired)):
        return "the event loop no longer runs"
    session = window.session  # type: ignore[attr-defined]
    after = f"After the {place}"
    if session is None or session.apply(lambda: session.service.update_workshop(wid, title=after)) is None:
        return "the next edit was refused"
    if _title(library_path, wid) != after:
        return "the next edit was not saved"
    return ""


def _title(library_path: Path, wid: int) -> str:
    with sqlite3.connect(f"file:{library_path}?mode=ro", uri=True, timeout=TIMEOUT_S) as conn:
        row = conn.execute("SELECT title FROM workshop WHERE id = ?", (wid,)).fetchone()
    conn.close()
    return str(row[0]) if row else ""


def _no_write_transaction(library_path: Path) -> bool:
    """A second connection can take the write lock at once only when no connection holds a write open."""
    conn = sqlite3.connect(library_path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def _process_events(seconds: float) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def _wait(condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> bool:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + timeout
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if condition():
            return True
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
