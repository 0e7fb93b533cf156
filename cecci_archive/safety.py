"""Untrusted input: reject raw HTML and unsafe links in a record, with located problems.

Records arrive from strangers through pull requests, and the site publishes them as they are.
So a record may hold no raw HTML at all (MyST would pass it to the page unescaped), no
``javascript:`` or ``vbscript:`` text, and Markdown links only to ``http``, ``https``, ``mailto``
or internal targets (a relative path or ``#anchor``). The prose is tokenised with MyST's own
Markdown parser, so code spans and code blocks (which are shown, not run) are left alone, and the
content of directives is checked as the Markdown it is. Front-matter text is checked the same way.

One implementation, two entry points: :func:`records.parse <cecci_archive.records.parse>` calls
:func:`check_record`, so ``cecci-archive check`` and the Sphinx build report the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from .frontmatter import FieldPath, FrontMatter, line_of
from .problems import Problem

#: URL schemes a Markdown link may use; links without a scheme are internal.
ALLOWED_SCHEMES = ("http", "https", "mailto")
#: Directives that would let a record include files or raw output.
FORBIDDEN_DIRECTIVES = frozenset({"raw", "eval-rst", "include", "literalinclude"})
#: The MyST extensions the site enables (``conf.py``), so that parsing here matches the build.
MYST_EXTENSIONS = frozenset({"colon_fence", "deflist"})
#: Problem code, usable in ``suppress_warnings`` as ``archive.unsafe`` (not advised).
CODE = "unsafe"

_SCRIPT_SCHEME = re.compile(r"(?<![A-Za-z0-9])(javascript|vbscript)\s*:", re.IGNORECASE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TAG = re.compile(r"<\s*(/?[A-Za-z][A-Za-z0-9-]*|!--)")
_HANDLER = re.compile(r"\s(on[a-z]+)\s*=", re.IGNORECASE)
_DANGEROUS_TAGS = frozenset({"script", "iframe", "object", "embed", "style", "form", "frame", "frameset",
                             "link", "meta", "base", "svg", "math", "template"})
#: What raw HTML, a link, an image, a directive or an autolink needs; text without it is skipped.
_MARKUP = re.compile(r"<|\]\s*[(:\[]|```|~~~|:::|\{[A-Za-z]")
_DIRECTIVE = re.compile(r"^\{([A-Za-z][\w:.-]*)\}")
_HTML_HINT = "write Markdown instead (e.g. **bold**, [text](https://…)); raw HTML is not published"


@cache
def _parser() -> MarkdownIt:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)


def _html_problem(html: str, relpath: str, line: int, field: str) -> Problem:
    tag_match = _TAG.search(html)
    tag = tag_match.group(1).lstrip("/").lower() if tag_match else ""
    handler = _HANDLER.search(html)
    if handler:
        message = f"raw HTML with an event-handler attribute `{handler.group(1).lower()}=` is not allowed"
    elif tag in _DANGEROUS_TAGS:
        message = f"raw HTML `<{tag}>` is not allowed (it could run code in readers' browsers)"
    elif tag == "!--":
        message = "an HTML comment `<!-- … -->` is not allowed"
        return Problem(relpath, line, field, message, "write a MyST comment: a line starting with %", code=CODE)
    else:
        message = f"raw HTML `<{tag or '…'}>` is not allowed"
    return Problem(relpath, line, field, message, _HTML_HINT, code=CODE)


def _link_problem(url: str, relpath: str, line: int, field: str) -> Problem | None:
    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme is None:
        if url.startswith("//"):
            return Problem(relpath, line, field, f"the link `{url}` has no scheme",
                           f"write https:{url}", code=CODE)
        return None  # internal: a relative path or an #anchor
    if scheme.group(1).lower() in ALLOWED_SCHEMES:
        return None
    return Problem(relpath, line, field, f"a `{scheme.group(1).lower()}:` link is not allowed",
                   "link only to http://, https:// or mailto: addresses, or to a page of the archive",
                   code=CODE)


def _line_in(lines: list[str], start: int, end: int, needle: str) -> int:
    """The first line (0-based, in ``lines``) within ``[start, end)`` that contains ``needle``."""
    needle = needle.strip().splitlines()[0] if needle.strip() else ""
    for index in range(start, min(end, len(lines))):
        if needle and needle in lines[index]:
            return index
    return start


def _scan(text: str, first_line: int, relpath: str, field: str) -> Iterator[Problem]:
    """Problems of one piece of Markdown whose first line is line ``first_line`` of the file."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = _SCRIPT_SCHEME.search(line)
        if match:
            yield Problem(relpath, first_line + number, field,
                          f"`{match.group(1).lower()}:` is not allowed in a record",
                          "link only to http://, https:// or mailto: addresses, or to a page of the archive",
                          code=CODE)
    if not _MARKUP.search(text):
        return  # no tag, link, directive or role: nothing the Markdown parser could turn unsafe
    try:
        tokens = _parser().parse(text)
    except Exception:
        return
    yield from _scan_tokens(tokens, lines, first_line, relpath, field)


def _scan_tokens(tokens: list[Token], lines: list[str], first_line: int, relpath: str,
                 field: str) -> Iterator[Problem]:
    block_start, block_end = 0, len(lines)
    for token in tokens:
        if token.map is not None:
            block_start, block_end = token.map
        if token.type == "front_matter":
            continue
        if token.type == "html_block":
            line = first_line + block_start
            yield _html_problem(token.content, relpath, line, field)
        elif token.type in ("fence", "colon_fence"):
            match = _DIRECTIVE.match(token.info.strip())
            if match is None:
                continue  # a code block: shown as code, never run
            name = match.group(1).split(":")[-1]
            line = first_line + block_start
            if name in FORBIDDEN_DIRECTIVES:
                yield Problem(relpath, line, field, f"the `{{{name}}}` directive is not allowed in a record",
                              "write the content as Markdown", code=CODE)
                continue
            body = token.content.splitlines()
            skip = 0
            while skip < len(body) and (body[skip].startswith(":") or body[skip].strip() == "---"):
                skip += 1  # directive options
            inner = "\n".join(body[skip:])
            yield from _scan(inner, line + 1 + skip, relpath, field)
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "html_inline":
                    line = first_line + _line_in(lines, block_start, block_end, child.content)
                    yield _html_problem(child.content, relpath, line, field)
                elif child.type in ("link_open", "image"):
                    url = str(child.attrGet("href") or child.attrGet("src") or "")
                    line = first_line + _line_in(lines, block_start, block_end, url)
                    problem = _link_problem(url, relpath, line, field)
                    if problem is not None:
                        yield problem


def _strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def check_record(text: str, front: FrontMatter | None, relpath: str) -> list[Problem]:
    """Every unsafe thing in one record file: in its front-matter text and in its prose."""
    problems: list[Problem] = []
    body_offset = 0
    if front is not None:
        for path, value in _strings(front.data, ()):
            field = ".".join(str(p) for p in path) or "-"
            line = line_of(front.lines, path)
            for problem in _scan(value, line, relpath, field):
                problems.append(problem._replace(line=line))
        body_offset = front.length
    else:
        lines = text.splitlines()
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
            body_offset = end + 1 if end is not None else len(lines)
    body = "\n".join(text.splitlines()[body_offset:])
    problems += _scan(body, body_offset + 1, relpath, "body")
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]
