"""Re-execute every notebook and exercise in place, in reading order, each in a fresh kernel.

    python course.py execute                 # all of them
    python course.py execute notebooks/01_history.ipynb   # just these

Outputs are saved as a clean run (execution counts 1, 2, 3, ...), so GitHub, nbviewer and a Binder
learner see the charts before running anything, and nbval has the outputs to compare against.
Widget views are dropped from the saved outputs (their live state cannot be saved usefully); each
widget also carries a text and HTML fallback, which is what a static viewer shows.
"""

import os
import sys
import time
from pathlib import Path

import nbformat
import zmq
from nbclient import NotebookClient
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# the kernel's connection encrypted where pyzmq can, as `course.py start` does: no ipykernel warning per notebook
ENCRYPTED = Config({"KernelManager": {"transport_encryption": "auto" if zmq.has("curve") else "disabled"}})


def all_notebooks():
    from eunato_authoring.learner_notebooks import write_learners

    from eunato.manifest import all_notebooks

    write_learners(ROOT)  # learner notebooks follow their solutions
    return [ROOT / path for path in all_notebooks()]


def clean(nb):
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        for out in cell.outputs:
            data = out.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
        cell.outputs = [o for o in cell.outputs if not (o.get("data") == {} and o.output_type == "display_data")]
    return nb


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        config=ENCRYPTED,
    ).execute()
    seconds = time.perf_counter() - start
    nbformat.write(clean(nb), path)
    return seconds


def main(argv):
    os.environ["EUNATO_STRICT"] = "1"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    paths = [Path(a).resolve() for a in argv] if argv else all_notebooks()
    failed = 0
    for path in paths:
        try:
            seconds = execute(path)
            print(f"executed {path.relative_to(ROOT)} in {seconds:.1f} s", flush=True)
        except Exception as err:  # report every broken notebook, then fail  # noqa: BLE001
            failed += 1
            print(f"FAILED {path.relative_to(ROOT)}: {type(err).__name__}: {str(err)[-2000:]}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
