"""The benchmark script runs and reports (figures are printed, never asserted: CI machines vary)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_script_runs_and_writes_its_report(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Notebook execution, fresh kernel" in run.stdout and "Explorer update" in run.stdout
    report = json.loads(out.read_text())
    assert report["notebooks"][0]["what"].startswith("floor")
    assert report["explorers"], "no explorer was found to time"
    assert report["import"]["with_eunato_s"] > 0
