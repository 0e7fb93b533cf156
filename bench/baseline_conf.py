"""Sphinx configuration of the *baseline*: the archive's own conf.py with the archive extension off.

The generator copies the site's ``conf.py`` next to this file as ``archive_conf.py``; everything
(MyST, sphinxcontrib-bibtex, the theme and its options) stays the same except ``cecci_archive``.
"""

from pathlib import Path

exec((Path(__file__).parent / "archive_conf.py").read_text(encoding="utf-8"))

extensions = [e for e in extensions if e != "cecci_archive"]  # type: ignore[name-defined]  # noqa: F821
templates_path: list[str] = []  # the archive's templates wire its search page to Pagefind
