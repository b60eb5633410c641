"""The benchmark script runs and reports (figures are printed, never asserted: CI machines vary)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_script_runs_and_writes_its_report(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Notebook execution, fresh kernel" in run.stdout and "Explorer update" in run.stdout
    report = json.loads(out.read_text())
    assert report["notebooks"][0]["what"].startswith("floor")
    assert report["explorers"], "no explorer was found to time"
    assert report["import"]["with_eunato_s"] > 0
    start = report["notebooks"][1]
    assert start["what"].endswith("00_start.ipynb")
    assert start["charts"] >= 1 and start["chart_s"] > 0, "the chart probe read nothing from the kernel"
    charted = [row for row in report["explorers"] if "texts" in row]
    assert charted and all(row["texts"] > 0 and row["text_floor_ms"] > 0 for row in charted)


def test_benchmark_can_measure_one_part_without_replacing_the_full_report(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--only",
            "import",
            "--out",
            str(tmp_path / "part.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((tmp_path / "part.json").read_text())
    assert "import" in report and "notebooks" not in report and "explorers" not in report
