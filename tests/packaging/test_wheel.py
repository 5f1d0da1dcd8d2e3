"""A plain, non-editable wheel carries resources/ and finds it through the locator."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_resources_and_finds_them(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(next(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    names = zipfile.ZipFile(wheel).namelist()
    for resource in (
        "workshop/_resources/catalog/channels.json",
        "workshop/_resources/templates/outcomes.json",
        "workshop/_resources/sample/sample-workshop.json",
        "workshop/_resources/schema/social-working-1.schema.json",
    ):
        assert resource in names
    code = (
        "import workshop.resources as r, json;"
        "print(r.resources_root());"
        "print(len(r.load_json(*r.CATALOG)), r.load_json(*r.SAMPLE)['format'])"
    )
    # Run from the wheel alone (zip import), away from the source tree.
    proc = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(wheel)!r}); {code}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    root, counts = proc.stdout.splitlines()
    assert "_resources" in root and str(wheel) in root
    assert counts.split()[1] == "social-working/1" and int(counts.split()[0]) >= 25
