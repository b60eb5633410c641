"""The benchmark script runs and writes its report: one tiny case (figures are never asserted: machines vary).

The smallest part, ``--only import --quick``, takes a few seconds; the full benchmark (`python3 course.py bench`)
stays a measurement, not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_one_quick_part_writes_its_report_and_only_that_part(tmp_path):
    out = tmp_path / "part.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--only", "import", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(out.read_text())
    assert set(report) == {"machine", "import"}, f"--only import wrote other parts: {sorted(report)}"
    assert report["machine"]["cpus"] >= 1 and report["machine"]["python"].count(".") == 2
    timing = report["import"]
    assert timing["base_s"] > 0 and timing["with_eunato_s"] > 0
    assert abs(timing["added_s"] - (timing["with_eunato_s"] - timing["base_s"])) < 1e-6
