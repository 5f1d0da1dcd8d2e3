"""Item 7, hostile files: interchange files of every shape, imported through ``LibraryService.import_file``.

Hypothesis makes the files: any JSON of any type; valid files (the sample and generated workshops) with keys
removed and added, types swapped, huge numbers, NaN and Infinity tokens, deep nesting, enormous strings, odd
characters at any path; and then the bytes themselves broken: truncated, invalid UTF-8, a byte-order mark,
another encoding, duplicate keys, raw brackets by the thousand. Each file must either import cleanly (then
its workshop loads back) or be refused with ``FileRefused`` naming each problem's path, having written
nothing (workshop count and data_version unchanged); never another exception, never more than 10 s.

``hostile_files_not_refused_cleanly: 0 of N files``: N examples (1,000; 10,000 long). Failures are collected,
not shrunk: the run goes on to the end and lists what broke.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException
from sqlalchemy import text

from tests.domain.strategies import workshops
from tests.reliability.figures import Figure
from workshop.services.catalog import sample_workshop
from workshop.services.library_service import LibraryService
from workshop.services.refusals import FileRefused
from workshop.storage.interchange import to_data

EXAMPLES = 1_000
EXAMPLES_LONG = 10_000
TIME_LIMIT = 10.0

# -- the strategies -------------------------------------------------------------------------------------------

_ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        "\udfff lone",
        "\u202eevil",
        "\u200b",
        '=HYPERLINK("x")',
        "\t\r\n",
        "\ufeff",
        "\uffff",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧",
        "e\u0301",
        "ß",
        "İ",
        "social-working/2",
        "social-working/999999999999",
        "2026-02-30",
        "2026-13-01",
        "0000-01-01",
        "9999-12-31T23:59:59+14:00",
        "--",
        "null",
    ]
)
_HUGE_NUMBERS = st.sampled_from(
    [
        10**18,
        -(10**18),
        2**63,
        -(2**63) - 1,
        2**64,
        10**400,
        1e308,
        -1e308,
        1.7976931348623157e308,
        5e-324,
        -0.0,
        math.nan,
        math.inf,
        -math.inf,
    ]
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    _ODD_TEXT,
    _HUGE_NUMBERS,
)
any_json = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


def _paths(tree: Any, deepest: int = 64) -> list[tuple[Any, ...]]:
    """Every path in ``tree`` down to ``deepest`` levels (iterative: a mutation may have nested it deeply)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(tree, ())]
    while stack:
        node, prefix = stack.pop()
        found.append(prefix)
        if len(prefix) >= deepest:
            continue
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((value, (*prefix, key)) for key, value in reversed(list(items)))
    return found


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


@st.composite
def _replacement(draw: st.DrawFn, old: Any) -> Any:
    kind = draw(st.sampled_from(["any", "huge", "odd", "nested", "enormous", "swap"]))
    if kind == "any":
        return draw(any_json)
    if kind == "huge":
        return draw(_HUGE_NUMBERS)
    if kind == "odd":
        return draw(_ODD_TEXT)
    if kind == "nested":
        # deeper still is in _RAW, as text: json.dumps itself cannot write 20,000 levels
        depth = draw(st.sampled_from([5, 31, 32, 33, 100, 150]))
        as_list = draw(st.booleans())  # one draw, not one a level: thousands of draws overrun hypothesis's buffer
        inner: Any = old
        for _ in range(depth):
            inner = [inner] if as_list else {"x": inner}
        return inner
    if kind == "enormous":
        size = draw(st.sampled_from([501, 32_768, 100_000, 2_000_000]))
        return draw(st.sampled_from("xé\n")) * size
    # swap: the same value as another type
    return draw(st.sampled_from([str(old), [old], {"value": old}, None, True, 0, 1.5, ""]))


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """A valid file's JSON with a few keys removed or added, values replaced or duplicated."""
    if draw(st.booleans()):
        tree = to_data(sample_workshop())
    else:
        tree = to_data(draw(workshops(messy=draw(st.booleans()), max_outcomes=3, max_channels=4, max_participants=4)))
    for _ in range(draw(st.integers(0, 4))):
        paths = list(_paths(tree))
        path = draw(st.sampled_from(paths))
        operation = draw(st.sampled_from(["remove", "add", "replace", "replace", "replace", "duplicate"]))
        if not path:
            if operation == "replace":
                tree = draw(_replacement(tree))
            continue
        parent, last = _parent(tree, path), path[-1]
        if operation == "remove":
            del parent[last]
        elif operation == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10) | st.sampled_from(["format", "name", "key", "__proto__"]))] = draw(
                any_json
            )
        elif operation == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]) if len(path) < 64 else parent[last])
        else:
            parent[last] = draw(_replacement(parent[last]))
    return tree


def _dumps(tree: Any, ascii_only: bool) -> bytes:
    return json.dumps(tree, allow_nan=True, ensure_ascii=ascii_only, indent=None).encode("utf-8", "surrogatepass")


@st.composite
def broken_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with its bytes broken: truncated, invalid UTF-8, BOMs, another encoding, duplicate keys."""
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["truncate", "invalid", "bom", "utf16", "duplicate", "byte", "nul"]))
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            data = data[:at]
        elif kind == "invalid":
            data = (
                data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80"])) + data[at:]
            )
        elif kind == "bom":
            data = (
                draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"])) + data
            )
        elif kind == "utf16":
            data = data.decode("utf-8", "replace").encode(draw(st.sampled_from(["utf-16", "utf-16-be", "utf-32"])))
        elif kind == "duplicate":
            key = draw(st.sampled_from([b'"format"', b'"workshop"', b'"name"', b'"key"', b'"participants"']))
            value = draw(st.sampled_from([b'"social-working/1"', b"1", b"null", b"[]", b"{}"]))
            data = data.replace(key + b":", key + b":" + value + b"," + key + b":", draw(st.integers(1, 3)))
        elif kind == "byte" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif kind == "nul":
            data = data[:at] + b"\0" + data[at:]
    return data


_RAW = st.sampled_from(
    [
        b"",
        b" \n\t",
        b"\xef\xbb\xbf",
        b"[" * 100_000,
        b"{" * 100_000,
        b'{"a":' * 50_000,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": "social-working/1", "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
        b"1" * 100_000,
        b'{"format": "social-working/1", "workshop": {"dots_per_participant": ' + b"9" * 100_000 + b"}}",
        b'{"format": "social-working/1", "workshop": {"dots_per_participant": 1e99999}}',
        b'{"format": "social-working/1", "workshop": {"overload_limit": NaN}}',
        b'{"format": "social-working/1", "workshop": {"overload_limit": -Infinity}}',
        b"PK\x03\x04 not a workshop",
        b"SQLite format 3\x00",
        b"\x00" * 4096,
        b'"just a string"',
        b"null",
        b'{"format": "social-working/1"}',
        b'{"format": "social-working/1", "format": "social-working/1"}',
        b'{"format": "social-working/1", "participants": [{"name": "\\ud800"}]}',
        b'{"format": "social-working/1", "workshop": {"title": "\\u0000"}}',
    ]
)


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    """The bytes of one interchange file, of any shape."""
    kind = draw(st.sampled_from(["any", "mutated", "mutated", "mutated", "raw"]))
    if kind == "raw":
        return draw(_RAW)
    tree = draw(any_json) if kind == "any" else draw(mutated_data())
    if kind == "any" and isinstance(tree, dict) and draw(st.booleans()):
        tree["format"] = "social-working/1"
    data = _dumps(tree, ascii_only=draw(st.booleans()))
    return draw(broken_bytes(data)) if draw(st.booleans()) else data


# -- the check -------------------------------------------------------------------------------------------------


class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt a call that runs longer than ``seconds`` (main thread on POSIX; elsewhere it is only timed)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _shown(data: bytes) -> str:
    head = data[:120]
    return f"{head!r}{'…' if len(data) > 120 else ''} ({len(data)} bytes)"


class _Checker:
    def __init__(self, service: LibraryService, folder: Path) -> None:
        self.service = service
        self.folder = folder
        self.files = 0
        self.imported = 0
        self.refused = 0
        self.slowest = 0.0
        self.failures: list[str] = []

    def _written(self) -> tuple[int, int]:
        with self.service.library.session() as s:
            count = s.execute(text("SELECT count(*) FROM workshop")).scalar_one()
            version = s.execute(text("SELECT data_version FROM library_info WHERE id = 1")).scalar_one()
        return int(count), int(version)

    def check(self, data: bytes) -> None:
        self.files += 1
        path = self.folder / "hostile.json"
        path.write_bytes(data)
        before = self._written()
        started = time.monotonic()
        problem: str | None = None
        try:
            with _time_limit(TIME_LIMIT):
                imported = self.service.import_file(path)
                workshop_id = imported.edit.workshop_id
                assert workshop_id is not None
                self.service.workshops.load(workshop_id)
        except FileRefused as exc:
            self.refused += 1
            if not exc.problems:
                problem = "refused without naming a problem"
            elif not all(isinstance(p.path, str) and p.path for p in exc.problems):
                problem = f"a problem without a path: {exc.problems[:3]}"
            elif self._written() != before:
                problem = f"refused but the library changed: {before} -> {self._written()}"
        except _TooSlow:
            problem = f"took over {TIME_LIMIT:.0f} s (interrupted)"
        except Exception as exc:  # any other exception is what is measured
            problem = f"{type(exc).__name__}: {str(exc)[:200]}"
        else:
            self.imported += 1
            after = self._written()
            if after[0] != before[0] + 1:
                problem = f"imported, but the workshop count went {before[0]} -> {after[0]}"
        elapsed = time.monotonic() - started
        self.slowest = max(self.slowest, elapsed)
        if problem is None and elapsed > TIME_LIMIT:
            problem = f"took {elapsed:.1f} s"
        if problem is not None:
            self.failures.append(f"{problem}; file {_shown(data)}")


def check_files(examples: int, random_seed: int) -> _Checker:
    """Run ``examples`` hypothesis examples through a fresh library; the checker holds the tally."""
    with tempfile.TemporaryDirectory(prefix="reliability-hostile-") as tmp:
        folder = Path(tmp)
        service = LibraryService.open(folder / "library.sqlite3")
        checker = _Checker(service, folder)
        try:

            @seed(random_seed)
            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
                print_blob=False,
            )
            @given(hostile_files())
            def one(data: bytes) -> None:
                checker.check(data)

            try:
                one()
            except HypothesisException as exc:  # the generator itself failed: said, not hidden
                checker.failures.append(f"hypothesis stopped after {checker.files} files: {type(exc).__name__}: {exc}")
        finally:
            service.close()
    return checker


def run(long: bool, seed: int, examples: int | None = None) -> list[Figure]:
    count = examples if examples is not None else EXAMPLES_LONG if long else EXAMPLES
    checker = check_files(count, seed)
    return [Figure("hostile_files_not_refused_cleanly", checker.files, checker.failures, unit="files")]
