"""Start-up stays light: the start screen shows without the heavy modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from pathlib import Path
from workshop.ui.app import application, apply_style
from workshop.ui import settings as S
from workshop.ui.main_window import MainWindow
app = application(); apply_style(app)
w = MainWindow(S.AppSettings(Path(sys.argv[2])), Path(sys.argv[1])); w.show(); app.processEvents()
print(len(w.start.model.rows))
print(",".join(m for m in ("matplotlib", "openpyxl", "alembic", "jsonschema") if m in sys.modules))
w.close()
"""


def test_start_screen_loads_no_heavy_module(library_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "workshop", "--library", str(library_path), "demo"],
        check=True,
        env=env,
        capture_output=True,
    )
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(library_path), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    rows, heavy = proc.stdout.splitlines()
    assert rows == "1"
    assert heavy == ""
