"""Relationship graphs on the site: each record's neighbourhood, and the whole archive's network.

``{archive:network}`` is written by the source reader into every record page (the "Network"
section of :data:`cecci_archive.sourceread.PAGE_SECTIONS`); ``{archive:whole-network}`` draws the
whole archive on a listing page. Both are placeholders filled at ``doctree-resolved`` from the
derived graph, so they always show the graph as it is now: a record page is rewritten when its
relations change (the domain's fingerprints), the whole-network page whenever any record changes
(:mod:`cecci_archive.browse`).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import graphsvg
from .browse import note_browse_page, record_href
from .directives import RecordPlaceholderDirective
from .graph import ROLES
from .recordtypes import RECORD_TYPES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ArchiveDomain
    from .graph import Graph
    from .records import Record


class record_network(nodes.General, nodes.Element):
    """A record's neighbourhood graph (``record_id`` attribute)."""


class whole_network(nodes.General, nodes.Element):
    """The whole archive's network."""


class NetworkDirective(RecordPlaceholderDirective):
    """``{archive:network}``: the page's record with everything it is linked to, as a picture."""

    node_class = record_network


class WholeNetworkDirective(SphinxDirective):
    """``{archive:whole-network}``: every record and relation of the archive, as one picture."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        note_browse_page(self.env, self.env.docname, "network")
        return [whole_network()]


def _node(app: Sphinx, docname: str, record: Record, node_id: str | None = None) -> graphsvg.GNode:
    label = RECORD_TYPES[record.type].label
    tooltip = f"{label}: {record.title}"
    if record.type == "event":
        tooltip += f" ({record.data.get('date')})"
    return graphsvg.GNode(node_id or record.id, record.title, record.type, record_href(app, docname, record), tooltip)


def _side(centre: Record, other: Record) -> str:
    if other.type == "organisation":
        return "left"
    if centre.type == "organisation" and other.type == "person":
        return "left"
    return "right"


def ego_groups(graph: Graph, record: Record) -> list[tuple[str, str, list[Record]]]:
    """The record's neighbours grouped by relation: (heading, preferred side, records), each once per group."""
    out: list[tuple[str, str, list[Record]]] = []
    for heading, direction, edges in graph.grouped(record.id):
        others: dict[str, Record] = {}
        for edge in edges:
            other = graph.records[edge.object if direction == "out" else edge.subject]
            others.setdefault(other.id, other)
        if record.type == "event" and heading == ROLES["speaker"].forward:
            heading = "Speakers"
        first = next(iter(others.values()))
        out.append((heading, _side(record, first), list(others.values())))
    return out


def record_graph_html(app: Sphinx, docname: str, graph: Graph, record: Record) -> str:
    """The neighbourhood figure of one record page: SVG, legend and the same graph as text."""
    groups = ego_groups(graph, record)
    centre = _node(app, docname, record)
    drawn_groups: list[graphsvg.Group] = []
    edges: list[graphsvg.GEdge] = []
    roles = {role.forward: role.name for role in ROLES.values()} | {role.backward: role.name for role in ROLES.values()}
    roles["Speakers"] = "speaker"
    for index, (heading, side, others) in enumerate(groups):
        members = tuple(_node(app, docname, o, f"{index}:{o.id}") for o in others)
        group = graphsvg.limit_group(graphsvg.Group(heading, side, members))
        drawn_groups.append(group)
        edges += [graphsvg.GEdge(centre.id, m.id, roles.get(heading, "")) for m in group.nodes]
    label = RECORD_TYPES[record.type].label.lower()
    count = len({o.id for _, _, others in groups for o in others})
    title = f"Network of {record.title}"
    if count:
        description = (f"The {label} {record.title} in the middle, linked to {count} record"
                       f"{'s' if count != 1 else ''}: " + "; ".join(
                           f"{heading}: {', '.join(o.title for o in others)}" for heading, _, others in groups) + ".")
    else:
        description = f"No relations of the {label} {record.title} are recorded yet."
    layout = graphsvg.ego_layout(centre, drawn_groups)
    all_nodes = [centre, *(n for g in drawn_groups for n in g.nodes)]
    svg = graphsvg.render_svg(all_nodes, edges, layout, title=title, description=description,
                              id_prefix=f"graph-{record.type}-{record.id}", css_class="archive-graph-ego")
    order = [*RECORD_TYPES, "more"]  # a group cut by limit_group adds a "more" node
    kinds = sorted({n.kind for n in all_nodes}, key=order.index)
    text = ['<details class="archive-graph-text"><summary>The graph as a list</summary>',
            f"<p>{escape(description if not count else f'{record.title} is linked to:')}</p><ul>"]
    for heading, _, others in groups:
        links = ", ".join(_link_html(app, docname, o) for o in others)
        text.append(f"<li>{escape(heading)}: {links}</li>")
    text.append("</ul></details>")
    return (f'<figure class="archive-graph-figure" data-pagefind-ignore="all">{svg}'
            f'<figcaption>{graphsvg.legend_html(kinds)}</figcaption>{"".join(text)}</figure>')


def _count(n: int, singular: str, plural: str = "") -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _link_html(app: Sphinx, docname: str, record: Record) -> str:
    return f'<a href="{escape(record_href(app, docname, record))}">{escape(record.title)}</a>'


def network_elements(app: Sphinx, docname: str, graph: Graph) -> tuple[list[graphsvg.GNode], list[graphsvg.GEdge]]:
    """Every record as a node, every relation as an edge (one per pair of records), sorted."""
    records = sorted(graph.records.values(), key=lambda r: r.id)
    drawn = [_node(app, docname, r) for r in records]
    edges: dict[tuple[str, str], graphsvg.GEdge] = {}
    for record in records:
        for edge in graph.outgoing.get(record.id, []):
            edges.setdefault(tuple(sorted((edge.subject, edge.object))),  # type: ignore[arg-type]
                             graphsvg.GEdge(edge.subject, edge.object, edge.role))
    return drawn, [edges[k] for k in sorted(edges)]


def _structure(graph: Graph) -> tuple[list[str], list[tuple[str, str]]]:
    ids = sorted(graph.records)
    pairs = sorted({tuple(sorted((e.subject, e.object))) for links in graph.outgoing.values() for e in links})
    return ids, pairs  # type: ignore[return-value]


def precompute_positions(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: lay out the whole network once, and again only when its structure changes.

    The positions are kept in the environment (saved between builds), keyed by the structure, so
    renaming a record or editing its prose does not lay out the whole archive again.
    """
    domain: ArchiveDomain = env.domains["archive"]  # type: ignore[assignment]
    if not any("network" in kinds for kinds in domain.listings.values()):
        return []
    ids, pairs = _structure(domain.graph)
    key = graphsvg.structure_key(ids, pairs)
    cached = domain.data.get("network_positions")
    if not cached or cached[0] != key:
        domain.data["network_positions"] = (key, graphsvg.network_positions(ids, pairs))
    return []


def cached_positions(domain: ArchiveDomain) -> dict[str, tuple[float, float]] | None:
    cached = domain.data.get("network_positions")
    if not cached:
        return None
    ids, pairs = _structure(domain.graph)
    return cached[1] if cached[0] == graphsvg.structure_key(ids, pairs) else None


def whole_network_html(app: Sphinx, docname: str, graph: Graph) -> str:
    """The whole archive as one picture, with every record and relation also listed as text."""
    drawn, edges = network_elements(app, docname, graph)
    if not drawn:
        return "<p>No records are in the archive yet.</p>"
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    layout = graphsvg.network_layout(drawn, edges, positions=cached_positions(domain))
    counts = {t: len(graph.by_type(t)) for t in RECORD_TYPES}
    relations = sum(len(v) for v in graph.outgoing.values())
    summary = (f"{_count(counts['event'], 'event')}, {_count(counts['person'], 'person', 'people')} and "
               f"{_count(counts['organisation'], 'organisation')} joined by {_count(relations, 'relation')}.")
    hidden = sum(1 for lab in layout.labels.values() if lab.hidden)
    note = " Names that do not fit are shown when a node is hovered or focused." if hidden else ""
    svg = graphsvg.render_svg(drawn, edges, layout, title="The network of the whole archive",
                              description=f"Every record of the archive as a node, linked by its relations: {summary}"
                                          " The same network is listed as text below the picture.",
                              id_prefix="graph-network", css_class="archive-graph-network", label_size=11)
    by_id = graph.records
    text = ['<details class="archive-graph-text"><summary>The network as a list</summary>']
    for record_type, info in RECORD_TYPES.items():
        records = graph.by_type(record_type)
        if not records:
            continue
        text.append(f"<p><strong>{escape(info.plural)}</strong></p><ul>")
        for record in records:
            parts: list[str] = []
            for role in ROLES.values():
                others = list(dict.fromkeys(e.object for e in graph.outgoing.get(record.id, []) if e.role == role.name))
                if others:
                    parts.append(f"{escape(role.forward)}: " + ", ".join(_link_html(app, docname, by_id[o])
                                                                          for o in others))
            rel = f" — {'; '.join(parts)}" if parts else ""
            text.append(f"<li>{_link_html(app, docname, record)}{rel}</li>")
        text.append("</ul>")
    text.append("</details>")
    region = (f'<div class="archive-graph-scroll" role="region" tabindex="0" '
              f'aria-label="The network of the whole archive (scrollable)">{svg}</div>')
    kinds = [k for k in RECORD_TYPES if counts[k]]
    return (f'<figure class="archive-graph-figure archive-graph-figure-network" data-pagefind-ignore="all">'
            f'<p class="archive-graph-summary">{escape(summary + note)}</p>{region}'
            f'<figcaption>{graphsvg.legend_html(kinds)}</figcaption>{"".join(text)}</figure>')


def fill_graphs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: draw the graphs of this page from the graph as it is now."""
    found: list[Any] = list(doctree.findall(lambda n: isinstance(n, (record_network, whole_network))))
    if not found:
        return
    domain: ArchiveDomain = app.env.domains["archive"]  # type: ignore[assignment]
    graph = domain.graph
    html = app.builder.format == "html"
    for node in found:
        if not html:
            node.replace_self([])
        elif isinstance(node, whole_network):
            node.replace_self(nodes.raw("", whole_network_html(app, docname, graph), format="html"))
        else:
            record = graph.records.get(node["record_id"])
            if record is None or record.docname != docname:
                node.replace_self([])
                continue
            node.replace_self(nodes.raw("", record_graph_html(app, docname, graph, record), format="html"))
