"""A name in original script is findable: whole, by its beginning and by its later part (a given
name alone). No record of the archive has one yet, so this test adds an obviously fictitious
fixture record (``示例人物``, "example person") to a private copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from .browserkit import ROOT, Tab, serve

FIXTURE_ID = "example-fixture-person"
ORIGINAL_SCRIPT = "示例人物"
FIXTURE = f"""---
id: {FIXTURE_ID}
name: Example Fixture
family_name: Example
given_name: Fixture
name_order: given-first
aliases: []
original_script: {ORIGINAL_SCRIPT}
positions: []
sources: [cecci2025outreach]
---
"""


@pytest.fixture(scope="module")
def cjk_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("cjk")
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "tests", "__pycache__", "*.egg-info",
                                    "node_modules", ".pytest_cache", ".ruff_cache", "bench")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=ignore)
    (src / "speakers" / f"{FIXTURE_ID}.md").write_text(FIXTURE, encoding="utf-8")
    out = tmp_path / "html"
    # not strict: the fixture person is, rightly, reported as speaking at no event
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "--no-color", str(src), str(out)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    warnings = [line for line in (proc.stdout + proc.stderr).splitlines() if "WARNING" in line]
    assert all("archive.no-event" in w and FIXTURE_ID in w for w in warnings), warnings
    server, url = serve(out)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("query", [ORIGINAL_SCRIPT, ORIGINAL_SCRIPT[:2], ORIGINAL_SCRIPT[2:]])
def test_a_name_in_original_script_finds_its_record(browser: Any, cjk_site: str, query: str,
                                                    records: list[Any]) -> None:
    assert not any(r.data.get("original_script") for r in records), "a real record now has one: test it instead"
    context = browser.new_context()
    page = context.new_page()
    tab = Tab(page, cjk_site)
    page.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.goto(f"search.html?q={query}")
    tab.wait_for_search()
    first = page.locator("#archive-search-results li .archive-result-title a").first
    assert first.get_attribute("href", timeout=5_000).endswith(f"speakers/{FIXTURE_ID}.html")
    assert first.inner_text() == "Example Fixture"
    assert not tab.errors, tab.errors
    context.close()
