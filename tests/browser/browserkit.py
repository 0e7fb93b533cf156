"""Helpers of the browser tests: the static server, a recording browser tab, the artifacts folder."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

artifacts_state: dict[str, Any] = {}


def unavailable(message: str) -> None:
    """A dependency is missing: fail under CI, skip (saying why) elsewhere. Never a silent skip."""
    message += " — run `make test` (or `bash scripts/browser-deps.sh` as root) to install it"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static server on a free loopback port, in a daemon thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@dataclass
class Tab:
    """A fresh browser page that records console errors, page errors and failed requests."""

    page: Any
    base: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        return response

    def path(self) -> str:
        """The current page's path below the site root (``speakers/liang-ruxiao.html``)."""
        url = self.page.url.split("#", 1)[0].split("?", 1)[0]
        return url.removeprefix(self.base)

    def wait_for_search(self) -> None:
        """Wait until the search page has shown the results of its latest query."""
        try:
            self.page.wait_for_selector("html[data-archive-search=done], html[data-archive-search=failed]",
                                        state="attached", timeout=30_000)
            failed = self.page.locator("html[data-archive-search=failed]").count()
        except Exception as err:
            status = self.page.locator("#archive-search-status").text_content(timeout=1_000)
            raise AssertionError(f"search did not finish on {self.page.url}: status {status!r}; "
                                 f"errors {self.errors}") from err
        if failed:
            status = self.page.locator("#archive-search-status").text_content()
            raise AssertionError(f"search failed on {self.page.url}: {status!r}; errors {self.errors}")


def record_measure(folder: Path, name: str, value: Any) -> None:
    """Keep a measurement for the end-of-run summary, and in ``measurements.json``."""
    artifacts_state.setdefault("measures", {})[name] = value
    (folder / "measurements.json").write_text(json.dumps(artifacts_state["measures"], indent=2), encoding="utf-8")
