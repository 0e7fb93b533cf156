"""Browser tests: the built site on a loopback static server, driven in Debian's Chromium by Playwright.

What they need is installed by ``make test`` (``scripts/browser-deps.sh``: chromium, axe-core from
npm; Playwright from the test extras). Where something is missing the tests say what: they fail
under CI (``CI=true``) and are skipped, with the same message, elsewhere.

Screenshots and the measured search downloads go to one folder (``ARCHIVE_SCREENSHOTS``, or a
temporary folder), printed at the end of the run.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browserkit import AXE, CHROMIUM, CHROMIUM_ARGS, ROOT, Tab, artifacts_state, serve, unavailable


@pytest.fixture(scope="session")
def built(site: Any) -> Path:
    """The real site's HTML output, built strict by the shared ``site`` fixture (Pagefind included)."""
    out = Path(site.out)
    assert (out / "pagefind" / "pagefind.js").is_file(), "the build did not write the Pagefind bundle"
    return out


@pytest.fixture(scope="session")
def base_url(built: Path) -> Iterator[str]:
    server, url = serve(built)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install playwright; it is in the test extras)")
    if not CHROMIUM.is_file():
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    tab = Tab(page, base_url)
    page.on("console", lambda msg: tab.errors.append(f"console {msg.type}: {msg.text} ({page.url})")
            if msg.type == "error" else None)
    page.on("pageerror", lambda err: tab.errors.append(f"page error: {err} ({page.url})"))
    # a request cut short because the reader moved on (ERR_ABORTED) is not a fault of the page
    page.on("requestfailed", lambda req: tab.errors.append(f"request failed: {req.url} ({req.failure})")
            if "ERR_ABORTED" not in (req.failure or "") else None)
    page.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE.relative_to(ROOT)} (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder receiving screenshots and measurements, printed at the end of the run."""
    chosen = os.environ.get("ARCHIVE_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("browser-artifacts")
    if folder.exists() and chosen:
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    artifacts_state["folder"] = folder
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    folder: Path | None = artifacts_state.get("folder")
    if folder is None:
        return
    terminalreporter.section("browser tests: screenshots and measurements")
    terminalreporter.write_line(f"folder: {folder}")
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file():
            terminalreporter.write_line(f"  {path.name} ({path.stat().st_size} bytes)")
    for name, value in (artifacts_state.get("measures") or {}).items():
        terminalreporter.write_line(f"{name}: {json.dumps(value)}")


@pytest.fixture(scope="session")
def records() -> list[Any]:
    """The archive's records, read from their source files as the build reads them."""
    from cecci_archive.records import parse
    from cecci_archive.recordtypes import RECORD_TYPES

    found = []
    for record_type in RECORD_TYPES.values():
        for path in sorted((ROOT / record_type.folder).glob("*.md")):
            record, _, _ = parse(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
            if record is not None:
                found.append(record)
    return found
