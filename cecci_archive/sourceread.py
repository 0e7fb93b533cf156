"""Turn a record file into a page: front matter out, generated title and sections in.

The front matter is replaced by the same number of lines (a title and the record directive), so
the prose keeps its line numbers and every warning points at the right line of the file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx.util import logging

from . import records, safety
from .recordtypes import type_for_docname

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import ArchiveDomain

logger = logging.getLogger(__name__)

#: The generated sections that close every record page, in order: (heading, directive).
#: A feature that adds a section to record pages adds one line here.
PAGE_SECTIONS: list[tuple[str, str]] = [
    ("Relations", "archive:relations"),
    ("Network", "archive:network"),
    ("Sources", "archive:sources"),
    ("Cite this record", "archive:cite"),
]

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Make text literal in Markdown: every ASCII punctuation mark is backslash-escaped."""
    return _PUNCT.sub(r"\\\1", " ".join(text.split()))


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    record_type = type_for_docname(docname)
    if record_type is None:
        return
    env = app.env
    relpath = str(env.doc2path(docname, base=False)).replace("\\", "/")
    record, split, problems = records.parse(source[0], relpath)
    for problem in problems:
        logger.warning(problem.text(), location=(docname, problem.line), type="archive", subtype=problem.code)
    domain: ArchiveDomain = env.domains["archive"]  # type: ignore[assignment]
    domain.note_record(docname, record)

    lines = source[0].splitlines()
    front_length = split.front.length if split.front is not None else 0
    body = lines[front_length:]
    if split.front is None or any(p.code == safety.CODE for p in problems):
        # unreadable front matter is not prose; unsafe prose is never published, even by a lenient build
        body = [""] * len(body)
    if record is not None:
        title = record.title
    elif split.front is not None and isinstance(split.front.data.get(record_type.title_field), str):
        title = split.front.data[record_type.title_field]
    else:
        title = docname.rpartition("/")[2]
    head = [f"# {escape_markdown(title)}", "", "```{archive:record}", "```"]
    head += [""] * max(front_length - len(head), 1)
    tail = [""]
    for heading, directive in PAGE_SECTIONS:
        tail += ["", f"## {heading}", "", f"```{{{directive}}}", "```"]
    source[0] = "\n".join(head + body + tail)
