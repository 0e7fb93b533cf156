"""A problem found in a record: located, explained, and with what to write instead."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One located problem, as ``check`` prints it and the build warns it."""

    #: Path of the record file, relative to the archive root (``speakers/li-jun.md``).
    path: str
    #: 1-based line in that file the problem points at.
    line: int
    #: The field concerned, as a dotted path (``talks.2.speaker``), or ``-`` for the whole file.
    field: str
    #: What is wrong.
    message: str
    #: What to write instead.
    hint: str
    #: ``error`` or ``warning`` (warnings do not fail ``check``, but fail a ``-W`` build).
    severity: str = "error"
    #: A short machine name for the kind of problem, usable in ``suppress_warnings``.
    code: str = "schema"

    def text(self) -> str:
        """The problem without its location: ``field: what is wrong; what to write instead``."""
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.field}: {self.message}{hint}"

    def line_text(self) -> str:
        """The one-line form ``path:line: field: what is wrong; what to write instead``."""
        return f"{self.path}:{self.line}: {self.text()}"
