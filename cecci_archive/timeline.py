"""``{archive:timeline}``: the events on a time axis drawn at build time, and the same events by year.

The picture is an SVG: one band per year with its months, each event a dot at its date linked to
its page, its date and title on a label below the axis. Labels are stacked in rows so that no
label and no leader line crosses another; an event whose label would need too many rows keeps its
dot and shows its name on hover or focus. Under the picture, the same events are listed by year:
the text alternative, and the targets of the year labels in the picture.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter, defaultdict
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import graphsvg
from .browse import note_browse_page, record_href

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import ArchiveDomain
    from .records import Record

AXIS_MARGIN = 24.0
LABEL_WIDTH = 440.0
MAX_ROWS = 16
ROW_HEIGHT = 22.0
DOT_RADIUS = 7.0
LABEL_GAP = 10.0
#: A label starts this far right of its leader line, so no later leader can cross it.
LABEL_OFFSET = 3.0


class timeline(nodes.General, nodes.Element):
    """Placeholder for the timeline, filled at write time."""


class TimelineDirective(SphinxDirective):
    """``{archive:timeline}``: every event on a time axis, then listed by year."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        note_browse_page(self.env, self.env.docname, "timeline")
        return [timeline()]


class Mark(NamedTuple):
    record: Record
    x: float
    #: Stack level above the axis (0 on the axis).
    level: int
    #: Label row below the axis, or -1 if the label is shown only on focus.
    row: int
    text: str


def event_date(record: Record) -> dt.date:
    return dt.date.fromisoformat(str(record.data["date"]))


def human_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def place_marks(events: list[Record], year_width: float, first_year: int) -> list[Mark]:
    """Where each event goes: x from its date, dots stacked when close, labels in rows below the axis.

    Labels run to the right of their leader line. Rows are given from the right: an event's label
    goes in the first row from the axis where it ends before everything already there (labels and
    the leader lines of labels further down), and its own leader only crosses rows whose labels
    start to its right; so no label overlaps another and no leader line crosses a label.
    """
    marks: list[Mark] = []
    last_x_at_level: dict[int, float] = {}
    for record in events:
        day = event_date(record)
        days = 366 if calendar.isleap(day.year) else 365
        x = AXIS_MARGIN + (day.year - first_year + (day.timetuple().tm_yday - 0.5) / days) * year_width
        level = 0
        while last_x_at_level.get(level, -1e9) > x - 2 * DOT_RADIUS - 2:
            level += 1
        last_x_at_level[level] = x
        text = graphsvg.wrap(f"{human_date(day)} · {record.title}", LABEL_WIDTH, 1)[0]
        marks.append(Mark(record, x, level, -1, text))
    label_start = [math.inf] * MAX_ROWS  # leftmost label start in each row
    blocked = [math.inf] * MAX_ROWS  # leftmost label start or leader line crossing each row
    for index in range(len(marks) - 1, -1, -1):
        mark = marks[index]
        start = mark.x + LABEL_OFFSET
        end = start + graphsvg.text_width(mark.text)
        for row in range(MAX_ROWS):
            if end + LABEL_GAP < blocked[row]:
                label_start[row] = min(label_start[row], start)
                blocked[row] = min(blocked[row], start)
                for above in range(row):
                    blocked[above] = min(blocked[above], mark.x - 2)
                marks[index] = mark._replace(row=row)
                break
            if label_start[row] <= mark.x + 2:
                break  # going further down, the leader line would cross this row's label
    return marks


def timeline_svg(app: Sphinx, docname: str, events: list[Record]) -> str:
    """The picture: year bands, month ticks, a linked dot and label per event."""
    events = sorted(events, key=lambda r: (str(r.data["date"]), r.id))
    first_year = event_date(events[0]).year
    last_year = event_date(events[-1]).year
    years = last_year - first_year + 1
    busiest = max(Counter(event_date(r).year for r in events).values())
    year_width = max(150.0, min(420.0, 960.0 / years), min(1200.0, busiest * 26.0))  # room for busy years
    marks = place_marks(events, year_width, first_year)
    levels = max(m.level for m in marks) + 1
    rows = max((m.row for m in marks), default=0) + 1
    top = 40.0
    axis_y = top + levels * (2 * DOT_RADIUS + 2)
    label_top = axis_y + 50
    height = label_top + max(rows, 1) * ROW_HEIGHT + 12
    right = AXIS_MARGIN + years * year_width
    width = max([right + AXIS_MARGIN] + [m.x + LABEL_OFFSET + graphsvg.text_width(m.text) + AXIS_MARGIN
                                         for m in marks])
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="archive-graph archive-timeline" '
        f'viewBox="0 0 {width:.2f} {height:.2f}" width="{width:.0f}" height="{height:.0f}" role="group" '
        f'aria-labelledby="timeline-title" aria-describedby="timeline-desc">',
        '<title id="timeline-title">Timeline of the archive\'s events</title>',
        f'<desc id="timeline-desc">{len(events)} event{"s" if len(events) != 1 else ""} from {first_year} to '
        f"{last_year}, each at its date; the same events are listed by year below the picture.</desc>",
        '<g class="timeline-axis">',
    ]
    for i in range(years):
        year = first_year + i
        x0 = AXIS_MARGIN + i * year_width
        out.append(f'<rect class="timeline-year-band" x="{x0:.2f}" y="{top - 28:.2f}" width="{year_width:.2f}" '
                   f'height="{axis_y - top + 36:.2f}" fill="{"#f4f6f8" if i % 2 == 0 else "#ffffff"}"/>')
        out.append(f'<a class="timeline-year" href="#year-{year}" aria-label="Events of {year}, listed below">'
                   f'<text x="{x0 + 6:.2f}" y="{top - 10:.2f}" font-size="14" font-weight="bold" '
                   f'fill="#1a1a1a">{year}</text></a>')
        out.append('<g aria-hidden="true">')
        for month in range(12):
            mx = x0 + month * year_width / 12
            out.append(f'<line x1="{mx:.2f}" y1="{axis_y:.2f}" x2="{mx:.2f}" y2="{axis_y + (8 if month else 14):.2f}" '
                       f'stroke="#555555" stroke-width="1"/>')
            if year_width >= 200:
                out.append(f'<text class="timeline-month" x="{mx + year_width / 24:.2f}" y="{axis_y + 22:.2f}" '
                           f'text-anchor="middle" font-size="10" fill="#444444">'
                           f"{calendar.month_abbr[month + 1][:1 if year_width < 330 else 3]}</text>")
        out.append("</g>")
    out.append(f'<line x1="{AXIS_MARGIN:.2f}" y1="{axis_y:.2f}" x2="{right:.2f}" y2="{axis_y:.2f}" '
               f'stroke="#333333" stroke-width="2" aria-hidden="true"/>')
    out.append("</g>")
    out.append('<g class="timeline-events">')
    fill, stroke = graphsvg.KIND_STYLES["event"]
    for mark in marks:
        record = mark.record
        cy = axis_y - mark.level * (2 * DOT_RADIUS + 2)
        name = f"{human_date(event_date(record))}: {record.title}"
        parts = [f"<title>{escape(name)}</title>",
                 f'<circle class="node-shape" cx="{mark.x:.2f}" cy="{cy:.2f}" r="{DOT_RADIUS}" fill="{fill}" '
                 f'stroke="{stroke}" stroke-width="1.5"/>']
        if mark.row >= 0:
            ly = label_top + mark.row * ROW_HEIGHT
            parts.append(f'<line class="timeline-leader" x1="{mark.x:.2f}" y1="{cy + DOT_RADIUS:.2f}" '
                         f'x2="{mark.x:.2f}" y2="{ly + 3:.2f}" stroke="#767676" stroke-width="1"/>')
            parts.append(f'<text class="node-label" x="{mark.x + LABEL_OFFSET:.2f}" y="{ly:.2f}" '
                         f'font-size="{graphsvg.FONT_SIZE}" fill="#1a1a1a">{escape(mark.text)}</text>')
        else:
            parts.append(f'<text class="node-label label-on-focus" visibility="hidden" x="{mark.x + LABEL_OFFSET:.2f}" '
                         f'y="{label_top:.2f}" font-size="{graphsvg.FONT_SIZE}" fill="#1a1a1a">'
                         f"{escape(mark.text)}</text>")
        out.append(f'<a class="graph-node node-event" href="{escape(record_href(app, docname, record))}" '
                   f'aria-label="{escape(name)}">{"".join(parts)}</a>')
    out.append("</g></svg>")
    return "".join(out)


def year_list(app: Sphinx, docname: str, events: list[Record]) -> list[nodes.Node]:
    """The same events as text, newest year first, oldest event first within a year."""
    by_year: dict[int, list[Record]] = defaultdict(list)
    for record in sorted(events, key=lambda r: (str(r.data["date"]), r.id)):
        by_year[event_date(record).year].append(record)
    out: list[nodes.Node] = []
    for year in sorted(by_year, reverse=True):
        box = nodes.container(ids=[f"year-{year}"], classes=["archive-timeline-year"])
        box += nodes.rubric(str(year), str(year))
        items = nodes.bullet_list(classes=["archive-timeline-list"])
        for record in by_year[year]:
            day = human_date(event_date(record))
            ref = nodes.reference(record.title, record.title, internal=True, refuri=record_href(app, docname, record),
                                  classes=["archive-link", "archive-event"])
            words = f" — {record.data.get('kind')}"
            talks = len(record.data.get("talks") or [])
            words += f", {talks} talk{'s' if talks != 1 else ''}"
            items += nodes.list_item("", nodes.paragraph("", "", nodes.literal(day, day), nodes.Text(" "), ref,
                                                         nodes.Text(words)))
        box += items
        out.append(box)
    return out


def fill_timeline(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: draw the timeline from the events as they are now."""
    found = list(doctree.findall(timeline))
    if not found:
        return
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    events = domain.graph.by_type("event")
    for node in found:
        if not events:
            node.replace_self(nodes.paragraph("", "No events are recorded yet."))
            continue
        content: list[nodes.Node] = []
        if app.builder.format == "html":
            svg = timeline_svg(app, docname, events)
            content.append(nodes.raw("", f'<figure class="archive-graph-figure archive-timeline-figure" '
                                         f'data-pagefind-ignore="all"><div class="archive-graph-scroll" '
                                         f'role="region" tabindex="0" aria-label="Timeline (scrollable)">'
                                         f"{svg}</div></figure>", format="html"))
        content += year_list(app, docname, events)
        node.replace_self(content)
