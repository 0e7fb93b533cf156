"""Load an archive folder from disk without Sphinx: records, BibTeX keys and every problem.

This is what ``cecci-archive check`` runs. The Sphinx build runs the same pieces (
:func:`decode` before reading, :func:`records.parse <cecci_archive.records.parse>` at
``source-read``, :func:`checks.check_archive <cecci_archive.checks.check_archive>` in the domain's
``check_consistency``), so both report the same lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .checks import check_archive
from .problems import Problem
from .records import Record, parse
from .recordtypes import LISTING_STEM, RECORD_TYPES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The BibTeX file of the archive, relative to its root.
BIB_FILE = "references.bib"


class Archive(NamedTuple):
    """An archive as read from disk (or from memory, for ``rename``'s dry run)."""

    #: Every valid record, by path.
    records: list[Record]
    #: The keys of the entries in ``references.bib`` (``None`` if there is no such file).
    bib_keys: set[str] | None
    #: Every problem found, sorted by path and line.
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def is_record_path(relpath: str) -> bool:
    """Whether ``events/x.md``-like path names a record file (not a listing page)."""
    parts = relpath.split("/")
    return (len(parts) == 2 and parts[1].endswith(".md") and parts[1][:-3] != LISTING_STEM
            and any(t.folder == parts[0] for t in RECORD_TYPES.values()))


def record_files(root: Path) -> list[str]:
    """Paths (relative to ``root``, with ``/``) of every record file in the archive."""
    found = []
    for record_type in RECORD_TYPES.values():
        folder = root / record_type.folder
        if folder.is_dir():
            found += [f"{record_type.folder}/{p.name}" for p in folder.glob("*.md") if p.is_file()]
    return sorted(p for p in found if is_record_path(p))


def decode(raw: bytes, relpath: str) -> tuple[str | None, list[Problem]]:
    """The text of a record file, or a located problem if it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        return None, [Problem(relpath, line, "-", f"the file is not UTF-8 text (byte 0x{byte} cannot be read)",
                              "save the file with the UTF-8 encoding", code="encoding")]
    return text, []


def read_bib_keys(path: Path) -> tuple[set[str] | None, list[Problem]]:
    """The entry keys of a BibTeX file, read with pybtex as sphinxcontrib-bibtex reads them."""
    if not path.is_file():
        return None, []
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError

    raw = path.read_bytes()
    text, problems = decode(raw, path.name)
    if text is None:
        return set(), problems
    try:
        data = parse_string(text, "bibtex")
    except PybtexError as error:
        return set(), [Problem(path.name, 1, "-", f"the bibliography cannot be read ({error})",
                               "check the entry's braces and commas", code="bibtex")]
    return set(data.entries.keys()), []


def check_files(files: Mapping[str, bytes], bib_keys: set[str] | None) -> Archive:
    """Check record files given as ``{relative path: bytes}``: each alone, then all together."""
    problems: list[Problem] = []
    valid: list[Record] = []
    for relpath in sorted(files):
        text, found = decode(files[relpath], relpath)
        problems += found
        if text is None:
            continue
        record, _split, found = parse(text, relpath)
        problems += found
        if record is not None:
            valid.append(record)
    problems += check_archive(valid, bib_keys)
    problems.sort(key=lambda p: (p.path, p.line))
    return Archive(valid, bib_keys, problems)


def load(root: Path) -> Archive:
    """Read and check the whole archive under ``root``."""
    bib_keys, bib_problems = read_bib_keys(root / BIB_FILE)
    files = {relpath: (root / relpath).read_bytes() for relpath in record_files(root)}
    archive = check_files(files, bib_keys)
    return archive._replace(problems=bib_problems + archive.problems)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Keep record files that are not UTF-8 out of the build, with the located problem ``check`` gives.

    Sphinx would otherwise stop with a traceback (``UnicodeDecodeError``) while reading them.
    """
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    for docname in list(docnames):
        relpath = str(env.doc2path(docname, base=False)).replace("\\", "/")
        if not is_record_path(relpath):
            continue
        _text, problems = decode(env.doc2path(docname).read_bytes(), relpath)
        for problem in problems:
            logger.warning(problem.text(), location=(docname, problem.line), type="archive", subtype=problem.code)
        if problems:  # not read this time, and nothing of its last reading stays (an incremental build)
            docnames.remove(docname)
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
            env.all_docs.pop(docname, None)
            env.found_docs.discard(docname)
