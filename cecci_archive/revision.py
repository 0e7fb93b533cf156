"""When each record last changed, and at which revision: from git, or from the file when there is no git.

The revisions of all record files are read once per build, before Sphinx decides what to read
(``env-get-outdated``). A record whose revision changed since the last build (a commit that did
not touch the file's bytes, a checkout) is returned as outdated, so its page never shows a stale
revision. Building from a tarball (no ``.git``) falls back to the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .recordtypes import RECORD_TYPES, type_for_docname

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Attribute of the build environment that holds ``docname -> Revision`` (pickled with it).
ENV_ATTR = "archive_revisions"


class Revision(NamedTuple):
    """When a record file last changed."""

    #: The day of the last change, ``YYYY-MM-DD`` (UTC).
    date: str
    #: The full git commit id of the last change, or ``None`` when unknown.
    commit: str | None
    #: True when the working copy has changes not yet committed (or the file is not in git).
    uncommitted: bool
    #: ``"git"`` or ``"file"`` (modification time; no git available).
    origin: str

    @property
    def short(self) -> str | None:
        return self.commit[:10] if self.commit else None

    def describe(self) -> str:
        """A sentence for readers: when the record last changed and at which revision."""
        if self.origin != "git":
            return (f"This record last changed on {self.date} (date of its file; this copy of the "
                    f"archive was built without its git history, so the revision is not known).")
        if self.commit is None:
            return f"This record last changed on {self.date}; it is not yet committed to the archive's history."
        if self.uncommitted:
            return (f"This record last changed on {self.date}, with changes not yet committed after "
                    f"revision {self.short}.")
        return f"This record last changed on {self.date}, at revision {self.short}."


def _git(srcdir: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=srcdir, capture_output=True, text=True, check=False,
                              timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _mtime_date(path: Path) -> str:
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = dt.datetime.now(dt.UTC).timestamp()
    return dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat()


def scan(srcdir: Path, paths: Iterable[str]) -> dict[str, Revision]:
    """The revision of each file (paths relative to ``srcdir``, with ``/``)."""
    wanted = set(paths)
    result: dict[str, Revision] = {}
    inside = _git(srcdir, "rev-parse", "--is-inside-work-tree")
    if inside is None or inside.strip() != "true":
        return {p: Revision(_mtime_date(srcdir / p), None, True, "file") for p in sorted(wanted)}
    folders = sorted({t.folder for t in RECORD_TYPES.values()})
    log = _git(srcdir, "log", "--format=%x00%H %ct", "--name-only", "--relative", "--", *folders) or ""
    commit, stamp = "", 0
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit, _, when = line[1:].partition(" ")
            stamp = int(when or 0)
        elif line and line in wanted and line not in result:
            date = dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat()
            result[line] = Revision(date, commit, False, "git")
    changed = set((_git(srcdir, "diff", "--name-only", "--relative", "HEAD", "--", *folders) or "").splitlines())
    changed |= set((_git(srcdir, "ls-files", "--others", "--exclude-standard", "--", *folders) or "").splitlines())
    for path in sorted(wanted):
        known = result.get(path)
        if path in changed or known is None:
            result[path] = Revision(_mtime_date(srcdir / path), known.commit if known else None, True, "git")
    return result


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    """Read every record's revision; re-read the records whose revision moved since the last build."""
    docnames = sorted(d for d in env.found_docs if type_for_docname(d) is not None)
    paths = {d: str(env.doc2path(d, base=False)).replace("\\", "/") for d in docnames}
    by_path = scan(Path(app.srcdir), paths.values())
    fresh = {d: by_path[p] for d, p in paths.items() if p in by_path}
    old: dict[str, Revision] = getattr(env, ENV_ATTR, None) or {}
    setattr(env, ENV_ATTR, fresh)
    return [d for d, rev in fresh.items() if d not in added and d not in changed and old.get(d) != rev]


def revision_of(env: BuildEnvironment, docname: str) -> Revision | None:
    return (getattr(env, ENV_ATTR, None) or {}).get(docname)
