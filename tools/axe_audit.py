#!/usr/bin/env python3
"""Accessibility audit of the readable HTML edition with axe-core, in headless Chromium.

    .venv/bin/python tools/axe_audit.py            build the edition into a temporary folder and audit it
    .venv/bin/python tools/axe_audit.py site       audit an edition already built (python3 course.py html)

Prints, per page, the number of violations by impact (critical / serious / moderate / minor) and every
violation's rule, impact and elements; exits 1 when there is any violation, minor ones included (the edition has
none). tests/test_html_edition.py runs the same audit (ensure_axe, axe_in_every_page, audit_page) and fails the same way.

axe-core comes from npm (package.json, package-lock.json at the repository root; node_modules/ is git-ignored):
`npm ci` installs it, and ensure_axe() runs that itself when node_modules/axe-core is missing.
The pages are opened from file:// URLs: they are static and load nothing from a server or the internet.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from chromium import CHROMIUM_ARGS, find_chromium

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NPM_TIMEOUT = 300  # s
IMPACTS = ("critical", "serious", "moderate", "minor")


# WCAG 2.x A and AA plus axe's best practices (headings, landmarks, regions, ...)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


class AxeUnavailable(RuntimeError):
    """axe-core is not installed and could not be installed (the message says why)."""


def ensure_axe(root: Path = ROOT) -> Path:
    """The path of axe.min.js; runs `npm ci` (or `npm install` without a lock file) first when it is missing."""
    axe = root / "node_modules" / "axe-core" / "axe.min.js"
    if axe.exists():
        return axe
    npm = shutil.which("npm")
    if not npm:
        raise AxeUnavailable(
            "npm is not installed, so axe-core (package.json) cannot be installed: install "
            "Node.js and npm (Debian/Ubuntu: apt-get install npm), then run `npm ci`"
        )
    command = [npm, "ci" if (root / "package-lock.json").exists() else "install", "--no-audit", "--no-fund"]
    try:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=NPM_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise AxeUnavailable(f"`{' '.join(command[1:])}` did not finish within {NPM_TIMEOUT} s") from None
    if result.returncode != 0 or not axe.exists():
        raise AxeUnavailable(
            f"`npm {' '.join(command[1:])}` failed (exit {result.returncode}):\n"
            f"{(result.stdout + result.stderr)[-2000:]}"
        )
    return axe


def site_pages(site: Path) -> list[Path]:
    return sorted(Path(site).rglob("*.html"))


def axe_in_every_page(page, axe_js: Path) -> None:
    """Have Chromium load axe-core into every page that ``page`` opens from now on, as the page starts. Sending the
    script once costs less than adding it to each page (about 0.13 s of CPU a page, its 0.5 MB sent to the page again)."""
    page.add_init_script(path=str(axe_js))


def audit_page(page, axe_js: Path) -> list[dict]:
    """axe-core's violations on the page open in a Playwright ``page`` (the script is added to the page unless
    axe_in_every_page put it there already)."""
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.add_script_tag(path=str(axe_js))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def audit_site(site: Path, chromium: str, axe_js: Path, profile: Path | None = None) -> dict[str, list[dict]]:
    """Open every page of the edition in headless Chromium and run axe on it: {page: [violation, ...]}.

    A violation is axe's: id, impact, help, helpUrl and nodes (each with its target selectors).
    """
    from playwright.sync_api import sync_playwright

    site = Path(site).resolve()
    results: dict[str, list[dict]] = {}
    own_profile = profile is None
    profile = Path(tempfile.mkdtemp(prefix="axe-chromium-")) if own_profile else Path(profile)
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(profile),
                executable_path=chromium,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
                timeout=60_000,
            )
            try:
                page = context.new_page()
                page.set_default_timeout(60_000)
                axe_in_every_page(page, axe_js)
                for path in site_pages(site):
                    page.goto(path.as_uri(), wait_until="load")
                    results[path.relative_to(site).as_posix()] = audit_page(page, axe_js)
            finally:
                context.close()
    finally:
        if own_profile:
            shutil.rmtree(profile, ignore_errors=True)
    return results


def counts(violations: list[dict]) -> dict[str, int]:
    """Violations by impact; each rule counts once per page however many elements it flags."""
    found = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        found[violation.get("impact") or "minor"] += 1
    return found


def describe(page: str, violation: dict, limit: int = 8) -> str:
    # the last two steps of each selector are enough to find the element; whole ones run to lines
    targets = [
        " > ".join(" ".join(map(str, node.get("target", []))).split(" > ")[-2:]) for node in violation.get("nodes", [])
    ]
    more = f" and {len(targets) - limit} more" if len(targets) > limit else ""
    return (
        f"{page}: [{violation.get('impact')}] {violation['id']} ({violation.get('help')}) at "
        f"{'; '.join(targets[:limit])}{more}"
    )


def table(results: dict[str, list[dict]]) -> str:
    lines = [f"{'page':48} " + " ".join(f"{i:>8}" for i in IMPACTS)]
    for name, violations in results.items():
        c = counts(violations)
        lines.append(f"{name:48} " + " ".join(f"{c[i]:>8}" for i in IMPACTS))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    chromium, why = find_chromium()
    if not chromium:
        print(f"[axe] {why}", file=sys.stderr)
        return 2
    axe_js = ensure_axe()
    with tempfile.TemporaryDirectory(prefix="eunato-site-") as tmp:
        folders = [a for a in argv if not a.startswith("--")]
        if folders:
            site = Path(folders[0])
        else:
            import build_html

            site = Path(tmp) / "site"
            report = build_html.build(ROOT, site, log=lambda *_: None)
            print(f"[axe] built {len(report.pages) + 1} pages in {report.seconds:.1f} s")
        results = audit_site(site, chromium, axe_js)
    print(table(results))
    # every violation fails, minor ones included: the edition has none, so a new one shows
    found = [describe(p, v) for p, vs in results.items() for v in vs]
    for line in found:
        print(line)
    if "--json" in argv:
        print(json.dumps(results, indent=1))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
