"""Shared fixtures: build the real site (or a small fixture site) into a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


class Build:
    """The result of one sphinx-build run."""

    def __init__(self, src: Path, out: Path, returncode: int, output: str) -> None:
        self.src = src
        self.out = out
        self.returncode = returncode
        self.output = output

    def page(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.out / path).read_text(encoding="utf-8"), "lxml")

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line or "ERROR" in line]


def sphinx_build(src: Path, out: Path, *options: str, doctrees: Path | None = None) -> Build:
    """Run sphinx-build as a user would, in a separate process."""
    args = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "--no-color", *options]
    if doctrees is not None:
        args += ["-d", str(doctrees)]
    proc = subprocess.run([*args, str(src), str(out)], capture_output=True, text=True, check=False)
    return Build(src, out, proc.returncode, proc.stdout + proc.stderr)


def copy_site(dest: Path) -> Path:
    """A copy of the real archive's sources (no build output, no virtualenv)."""
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "tests", "__pycache__", "*.egg-info",
                                    "node_modules", ".pytest_cache", ".ruff_cache", "bench")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real archive, built once per test session with -W (strict), into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "html"
    build = sphinx_build(ROOT, out, "-W", "--keep-going", "-n", "-E",
                         doctrees=tmp_path_factory.mktemp("doctrees"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def site_copy(tmp_path: Path) -> Callable[[], Path]:
    """Make a private copy of the archive sources that a test may edit."""
    return lambda: copy_site(tmp_path / "src")
