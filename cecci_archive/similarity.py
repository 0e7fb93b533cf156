"""Near-duplicate names: the same person or organisation written twice in different ways.

Two names are near-duplicates when they differ only in case, accents, spacing, punctuation,
titles (Dr., Prof., …) or the order of their parts: "Xu Shiqing", "Shiqing Xu", "Dr. Xu Shiqing",
"XU Shi-qing" and "Xú Shìqīng" all reduce to the same keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Words dropped from names before comparing: titles and honorifics (lower case, no dots).
TITLES = frozenset({
    "dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madam", "madame",
    "phd", "dphil", "md", "esq", "jr", "sr", "rev", "hon", "assoc", "associate", "asst", "assistant",
})

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, without accents, full-width forms folded to ASCII where they have one."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


def words(name: str) -> list[str]:
    """The name's words, folded, with titles removed (``Dr. Xú Shìqīng`` → ``xu``, ``shiqing``)."""
    return [w for w in _WORD.findall(fold(name)) if w not in TITLES]


def titles_in(name: str) -> list[str]:
    """The titles a name carries (``Dr. Xu Shiqing`` → ``["Dr."]``), as written."""
    found = []
    for match in re.finditer(r"[^\W_]+\.?", name):
        if fold(match.group(0).rstrip(".")) in TITLES:
            found.append(match.group(0))
    return found


def keys(name: str) -> frozenset[str]:
    """Comparison keys: the words in any rotation joined without spaces, and in sorted order.

    Rotations make "Xu Shiqing", "Shiqing Xu" and "Shi Qing Xu" meet (family name first or last);
    joining without spaces makes "Xu Shi-qing" and "Xu Shiqing" meet.
    """
    parts = words(name)
    if not parts:
        return frozenset()
    found = {"".join(parts[i:] + parts[:i]) for i in range(len(parts))}
    found.add(" ".join(sorted(parts)))
    return frozenset(found)


def similar(a: str, b: str) -> bool:
    """Whether two names are near-duplicates of each other."""
    return bool(keys(a) & keys(b))


def matches(name: str, others: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``(id, name)`` pairs among ``others`` whose name is a near-duplicate of ``name``."""
    mine = keys(name)
    return [(ident, other) for ident, other in others if mine & keys(other)]
