"""Speed figures for the course: notebooks against the floor, explorer updates, import time.

    python3 course.py bench                 # full run (5 repetitions), prints a table, writes benchmarks/results/latest.json
    python3 course.py bench --quick         # one repetition, first notebook only (what the test suite checks runs)
    python3 course.py bench --with-tests    # also time the full test command once
    python3 course.py bench --only explorers    # one part only: notebooks, explorers or import

These are measurements, not tests: nothing here fails on a slow machine. Targets (issue "Speed"):
every notebook within 1.5x the floor, every explorer update at most 100 ms median, `import eunato` adding at most 0.2 s.
The floor is a fresh kernel that only imports pandas, matplotlib and ipywidgets, timed in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR_SOURCE = "import pandas, matplotlib.pyplot, ipywidgets"


CHART_PROBE = (
    "import json, sys\n"
    "style = sys.modules.get('eunato.style')\n"
    "print('CHART_TIME', json.dumps(style.CHART_TIME if style else {}))"
)


def run_notebook(nb) -> tuple[float, dict]:
    """Wall time to run ``nb`` in a fresh kernel (start-up to shut-down), and the kernel's chart time.

    One probe cell (about a millisecond) is appended to read ``eunato.style.CHART_TIME``: how many course
    charts the notebook made and the seconds spent building and drawing them.
    """
    import nbformat
    from nbclient import NotebookClient

    nb.cells.append(nbformat.v4.new_code_cell(CHART_PROBE))
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no transport warning per run
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()
    elapsed = time.perf_counter() - start
    charts = {}
    for output in nb.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if text.startswith("CHART_TIME "):
            charts = json.loads(text.split(" ", 1)[1])
    return elapsed, charts


def floor_notebook():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(FLOOR_SOURCE))
    return nb


def time_notebooks(paths, repeats):
    import nbformat

    rows = []
    floor = [run_notebook(floor_notebook())[0] for _ in range(repeats)]
    floor_median = statistics.median(floor)
    rows.append(
        {
            "what": "floor (fresh kernel + pandas, matplotlib, ipywidgets)",
            "median_s": floor_median,
            "runs": len(floor),
            "ratio": 1.0,
            "charts": 0,
            "chart_s": 0.0,
            "ratio_without_charts": 1.0,
        }
    )
    for path in paths:
        times, chart_s, charts = [], [], 0
        for _ in range(repeats):
            elapsed, made = run_notebook(nbformat.read(path, as_version=4))
            times.append(elapsed)
            chart_s.append(made.get("build_s", 0.0) + made.get("draw_s", 0.0))
            charts = made.get("charts", 0)
        median, charts_median = statistics.median(times), statistics.median(chart_s)
        rows.append(
            {
                "what": str(path.relative_to(ROOT)),
                "median_s": median,
                "runs": len(times),
                "ratio": median / floor_median,
                "charts": charts,
                "chart_s": charts_median,
                "ratio_without_charts": (median - charts_median) / floor_median,
            }
        )
    return rows


def _drawn_texts(fig) -> int:
    """How many pieces of text a draw of ``fig`` renders (visible, non-empty Text artists, tick labels included)."""
    from matplotlib.text import Text

    fig.canvas.draw()
    return sum(
        1
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and (t.axes is None or t.get_window_extent().overlaps(fig.bbox))
    )


def text_floor(size, texts: int, calls: int) -> float:
    """Median ms to build, draw and encode a figure of ``size`` inches holding only ``texts`` short labels.

    What matplotlib needs for the text alone, with no data, no layout engine and no chart: the floor an
    explorer chart with that much text cannot go below on this machine.
    """
    from matplotlib.figure import Figure

    from eunato import style

    times = []
    for _ in range(max(calls, 3)):
        start = time.perf_counter()
        fig = Figure(figsize=size, dpi=100)
        for i in range(texts):
            fig.text(0.05 + 0.3 * (i % 3), 0.97 - 0.9 * (i // 3) / max(texts // 3, 1), f"Label {i} (EU)", fontsize=9)
        style.png_bytes(fig)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def time_updates(calls):
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    from eunato import style
    from eunato.explorers import every_explorer

    rows = []
    for name, explorer in every_explorer():
        cycles = {key: c.samples() for key, c in explorer.controls.items()}
        times = []
        for i in range(calls):
            key = list(cycles)[i % len(cycles)]
            values = {key: cycles[key][(i // len(cycles)) % len(cycles[key])]}
            start = time.perf_counter()
            result = explorer.render(**values)
            for part in result if isinstance(result, tuple) else (result,):
                if hasattr(part, "savefig"):  # what the explorer shows: one PNG render, as an <img> with alt text
                    style.png_html(part)
                    plt.close(part)
            times.append(time.perf_counter() - start)
        row = {
            "what": name,
            "median_ms": 1000 * statistics.median(times),
            "max_ms": 1000 * max(times),
            "calls": len(times),
        }
        default = explorer.render()
        figures = [p for p in (default if isinstance(default, tuple) else (default,)) if hasattr(p, "savefig")]
        if figures:  # the default view's text, and what matplotlib needs to draw that much text and nothing else
            row["texts"] = _drawn_texts(figures[0])
            row["text_floor_ms"] = text_floor(tuple(figures[0].get_size_inches()), row["texts"], calls)
            plt.close(figures[0])
        rows.append(row)
    return rows


def time_import(repeats):
    def run(code):
        out = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            out.append(time.perf_counter() - start)
        return statistics.median(out)

    base = run(FLOOR_SOURCE)
    full = run(FLOOR_SOURCE + "; import eunato.data, eunato.charts, eunato.widgets, eunato.questions, eunato.checks")
    return {"base_s": base, "with_eunato_s": full, "added_s": full - base}


def time_tests():
    start = time.perf_counter()
    code = subprocess.run(
        [sys.executable, str(ROOT / "course.py"), "test"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).returncode
    return {"wall_s": time.perf_counter() - start, "exit_code": code}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition, first notebook only")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--calls", type=int, default=20, help="explorer updates timed per explorer")
    parser.add_argument("--with-tests", action="store_true", help="also time the full test command")
    parser.add_argument("--only", choices=["notebooks", "explorers", "import"], help="measure one part only")
    parser.add_argument(
        "--out",
        help="JSON file to write (default: benchmarks/results/latest.json, or "
        "latest-<part>.json with --only, so a partial run never replaces a full one)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("EUNATO_STRICT", "1")
    repeats = 1 if args.quick else max(args.repeats, 1)
    from eunato.manifest import all_notebooks

    paths = [ROOT / path for path in all_notebooks()]
    if args.quick:
        paths = paths[:1]

    results = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    wanted = {args.only} if args.only else {"notebooks", "explorers", "import"}
    if "notebooks" in wanted:
        report_notebooks(results, paths, repeats)
    if "explorers" in wanted:
        report_explorers(results, 1 if args.quick else args.calls, fresh_process=not args.only)
    if "import" in wanted:
        report_import(results, repeats)
    if args.with_tests:
        results["tests"] = time_tests()
        print(f"\nFull test command: {results['tests']['wall_s']:.0f} s (exit code {results['tests']['exit_code']})")

    out = Path(
        args.out or ROOT / "benchmarks" / "results" / (f"latest-{args.only}.json" if args.only else "latest.json")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {out}")
    return 0


def report_notebooks(results, paths, repeats):
    results["notebooks"] = time_notebooks(paths, repeats)
    print(f"\nNotebook execution, fresh kernel, median of {repeats} (target: ratio <= 1.5)")
    print(f"{'notebook':46} {'median s':>9} {'x floor':>8} {'charts':>7} {'chart s':>8} {'x floor w/o charts':>19}")
    for row in results["notebooks"]:
        flag = "" if row["ratio"] <= 1.5 else "  over target"
        print(
            f"{row['what'][:46]:46} {row['median_s']:9.2f} {row['ratio']:8.2f} {row['charts']:7d} "
            f"{row['chart_s']:8.2f} {row['ratio_without_charts']:19.2f}{flag}"
        )
    print(
        "charts: course charts made (explorers' first views included); chart s: seconds spent building and "
        "drawing them in the kernel; x floor w/o charts: the notebook's time less its chart time, over the floor"
    )


def report_explorers(results, calls, fresh_process=False):
    """Time the explorers here, or (fresh_process) in a new Python process, as a kernel is, so that what this
    process did before (running dozens of notebooks) cannot affect the figures."""
    if fresh_process:
        part = Path(tempfile.mkdtemp()) / "explorers.json"
        run = subprocess.run(
            [sys.executable, __file__, "--only", "explorers", "--calls", str(calls), "--out", str(part)],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise SystemExit(f"timing the explorers failed:\n{run.stderr[-3000:]}")
        results["explorers"] = json.loads(part.read_text())["explorers"]
    else:
        results["explorers"] = time_updates(calls)
    print(f"\nExplorer update (render + PNG), median of {calls} calls (target: <= 100 ms)")
    print(f"{'explorer':36} {'median ms':>9} {'max ms':>8} {'texts':>6} {'text floor ms':>14}")
    for row in results["explorers"]:
        flag = "" if row["median_ms"] <= 100 else "  over target"
        texts = f"{row['texts']:6d} {row['text_floor_ms']:14.1f}" if "texts" in row else f"{'-':>6} {'-':>14}"
        print(f"{row['what'][:36]:36} {row['median_ms']:9.1f} {row['max_ms']:8.1f} {texts}{flag}")
    print(
        "texts: pieces of text in the default view; text floor: a bare figure of the same size with only that "
        "many labels, drawn and encoded (no data, no layout)"
    )


def report_import(results, repeats):
    results["import"] = time_import(repeats)
    imp = results["import"]
    print(
        f"\nimport eunato over pandas+matplotlib+ipywidgets: {imp['added_s']:.3f} s added "
        f"({imp['base_s']:.2f} s -> {imp['with_eunato_s']:.2f} s; target <= 0.2 s)"
    )


if __name__ == "__main__":
    sys.exit(main())
