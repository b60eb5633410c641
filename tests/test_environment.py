"""environment.yml (Binder) and pyproject.toml (pip) must ask for the same packages with the same ranges, and the
lock (requirements-lock.txt, the exact versions the tests passed with) must satisfy those ranges."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def parse_requirement(text: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$", text)
    name, spec = match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")
    return name, ",".join(sorted(spec.split(","))) if spec else ""


def environment_yml() -> tuple[dict[str, str], list[str], str]:
    """(conda packages {name: spec}, pip lines, python pin) from environment.yml, read without a YAML library."""
    conda, pip, python, in_pip, section = {}, [], "", False, ""
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        top = re.match(r"^([a-z_]+):", stripped)
        if top:
            section = top.group(1)
            continue
        if section != "dependencies":
            continue
        item = re.match(r"^(\s*)-\s+(.*)$", stripped)
        if not item:
            in_pip = in_pip and stripped.startswith(" " * 6)
            continue
        indent, value = len(item.group(1)), item.group(2).strip()
        if value == "pip:":
            in_pip = True
            continue
        if in_pip and indent > 2:
            pip.append(value)
            continue
        in_pip = False
        if value.startswith("python"):
            python = value.split("=", 1)[1]
        elif value != "pip":
            name, spec = parse_requirement(value)
            conda[name] = spec
    return conda, pip, python


# Packages of the test extra that Binder installs too (the course says it is checked with nbval).
ON_BINDER_FROM_THE_TEST_EXTRA = ("nbval",)


def test_environment_yml_lists_the_same_packages_as_pyproject():
    runtime = dict(parse_requirement(r) for r in pyproject()["project"]["dependencies"])
    extras = dict(parse_requirement(r) for r in pyproject()["project"]["optional-dependencies"]["test"])
    runtime.update({name: extras[name] for name in ON_BINDER_FROM_THE_TEST_EXTRA})
    conda, _, _ = environment_yml()
    assert conda == runtime, "environment.yml and pyproject.toml disagree; keep them in step"


def test_environment_yml_installs_the_course_package_with_pip_and_the_lock():
    _, pip, _ = environment_yml()
    assert pip == ["-e .", f"--constraint {LOCK.name}"]


# --- the lock --------------------------------------------------------------------------------------------------

LOCK = ROOT / "requirements-lock.txt"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+!\-]+", line), f"{LOCK.name}: not an exact pin: {line!r}"
        name, version = line.split("==")
        pins[canonical(name)] = version
    return pins


def test_the_lock_pins_exact_versions_and_leaves_the_course_out():
    pins = lock()
    assert "eunato" not in pins, "the course itself is installed from the folder, not pinned"
    assert len(pins) > 50, "the lock should pin every installed package, not only the direct ones"


@pytest.mark.parametrize("extra", ["dependencies", "test"])
def test_the_lock_satisfies_the_ranges_of_pyproject(extra):
    from packaging.specifiers import SpecifierSet

    project = pyproject()["project"]
    requirements = project["dependencies"] if extra == "dependencies" else project["optional-dependencies"][extra]
    pins = lock()
    for requirement in requirements:
        name, spec = parse_requirement(requirement)
        assert canonical(name) in pins, f"{name} is not in {LOCK.name}: refresh it (AUTHORING.md)"
        assert pins[canonical(name)] in SpecifierSet(spec), (
            f"{LOCK.name} pins {name}=={pins[canonical(name)]}, outside pyproject.toml's {spec}"
        )


def test_this_environment_is_the_locked_one():
    """The tests run in an environment installed with the lock (course.py test); say which packages differ."""
    from importlib.metadata import distributions

    pins = lock()
    installed = {canonical(d.metadata["Name"]): d.version for d in distributions()}
    differ = [f"{n} {installed[n]} (lock {v})" for n, v in sorted(pins.items()) if n in installed and installed[n] != v]
    if differ:
        message = "this environment is not the locked one: " + ", ".join(differ[:5])
        strict = os.environ.get("EUNATO_STRICT") == "1" and os.environ.get("EUNATO_UNLOCKED") != "1"
        if strict:  # course.py test installs the lock: a difference is a fault (course.py latest: on purpose)
            pytest.fail(message + "; run `python3 course.py test` (it reinstalls .venv from the lock)")
        pytest.skip(message)


def test_environment_yml_uses_conda_forge_and_pins_the_python_ci_tests():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- conda-forge" in text
    _, _, python = environment_yml()
    assert python == "3.11"
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == python, "CI should test the Python Binder runs"


def test_test_extra_has_the_test_tools():
    extras = dict(parse_requirement(r) for r in pyproject()["project"]["optional-dependencies"]["test"])
    assert {"pytest", "nbval", "playwright"} <= set(extras)


def test_every_dependency_has_a_compatible_range():
    for requirement in pyproject()["project"]["dependencies"]:
        name, spec = parse_requirement(requirement)
        assert ">=" in spec and "<" in spec, f"{name} needs a lower and an upper bound"


def test_binders_only_script_puts_the_courses_jupyterlab_defaults_in_the_environment(tmp_path):
    """postBuild copies jupyter-config/'s JupyterLab defaults (no news prompt, no update check; what `course.py start`
    gives through JUPYTER_CONFIG_PATH) into the environment's etc/jupyter, where its JupyterLab reads them. It is
    the only build script: no binder/ folder, no install step outside environment.yml."""
    import json
    import shutil
    import subprocess

    from jupyter_server.services.config.manager import BaseJSONConfigManager

    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    script = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert script.startswith("#!/bin/bash\n") and not re.search(r"\b(pip|conda|mamba)\b", script)
    if os.name == "nt" or not shutil.which("bash"):
        pytest.skip("postBuild is a bash script (it runs on Binder's Linux)")
    prefix = tmp_path / "env"
    done = subprocess.run(
        ["bash", str(ROOT / "postBuild")],
        cwd=ROOT,
        env={**os.environ, "NB_PYTHON_PREFIX": str(prefix)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    found = BaseJSONConfigManager(config_dir=str(prefix / "etc" / "jupyter" / "labconfig"))
    wanted = json.loads((ROOT / "jupyter-config" / "labconfig" / "default_setting_overrides.json").read_text())
    assert found.get("default_setting_overrides") == wanted
    assert wanted["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    without = {k: v for k, v in os.environ.items() if k != "NB_PYTHON_PREFIX"}
    refused = subprocess.run(["bash", str(ROOT / "postBuild")], cwd=ROOT, env=without, capture_output=True, text=True)
    assert refused.returncode != 0 and "NB_PYTHON_PREFIX is not set" in refused.stderr
