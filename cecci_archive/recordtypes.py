"""The kinds of record the archive holds: where they live, their schema, how they are named.

A new record type (say, *publication*) is one entry here, one schema in ``schemas/`` and its
relations in :mod:`cecci_archive.graph`.
"""

from __future__ import annotations

from typing import NamedTuple


class RecordType(NamedTuple):
    #: Machine name, also the domain object type and role (``{archive:person}``).
    name: str
    #: Folder of the archive root that holds these records.
    folder: str
    #: Singular label for readers.
    label: str
    #: Plural label for readers.
    plural: str
    #: Front-matter field holding the display name.
    title_field: str


RECORD_TYPES: dict[str, RecordType] = {
    "event": RecordType("event", "events", "Event", "Events", "title"),
    "person": RecordType("person", "speakers", "Person", "People", "name"),
    "organisation": RecordType("organisation", "organisations", "Organisation", "Organisations", "name"),
}

#: Names of the listing page in each record folder (not a record).
LISTING_STEM = "index"


def type_for_docname(docname: str) -> RecordType | None:
    """The record type of a document, from its folder (``speakers/li-jun`` → person)."""
    folder, _, stem = docname.partition("/")
    if not stem or "/" in stem or stem == LISTING_STEM:
        return None
    return next((t for t in RECORD_TYPES.values() if t.folder == folder), None)


ORGANISATION_KIND_LABELS: dict[str, str] = {
    "political-party": "Political parties",
    "party-committee": "Party committees",
    "party-branch": "Party branches",
    "party-department": "Party departments",
    "association": "Associations",
    "government-department": "Government departments",
    "administrative-committee": "Administrative committees",
    "university": "Universities",
    "university-school": "University schools",
    "centre": "Centres",
    "company": "Companies",
    "media": "Media",
    "venue": "Venues",
    "other": "Other organisations",
}
