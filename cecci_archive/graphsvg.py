"""Relationship graphs drawn at build time: pure-Python layouts and inline SVG.

No system binary and no JavaScript: a graph is laid out here and written into the page as SVG
whose nodes are ordinary links. Two layouts:

* :func:`ego_layout`, one record and its neighbours: the record in the middle, its neighbours in
  two columns grouped by relation, one row each, so labels never overlap however many there are.
* :func:`network_layout`, the whole archive: a force-directed layout (Fruchterman–Reingold with a
  grid for the repulsive forces, so it stays fast at hundreds of nodes), then every node is snapped
  to its own cell of a grid as wide as the largest node, which guarantees that no two nodes
  overlap; labels are placed greedily, most-connected nodes first, and a label that would collide
  is shown only on hover or keyboard focus.

Both are deterministic: the same graph gives the same picture, byte for byte, whatever the order
in which it was built (no randomness, nodes sorted by id before anything is computed).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import NamedTuple

FONT_SIZE = 13
LINE_HEIGHT = 16

#: Fill and stroke of each kind of node; each fill has at least 3:1 contrast against white.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "event": ("#2e7d32", "#1b4d1e"),
    "person": ("#1f5fa8", "#123a66"),
    "organisation": ("#a64d00", "#5c2b00"),
    "more": ("#ffffff", "#555555"),
}

#: Colour of the edges of each relation (decorative: the relation is also said in words).
ROLE_COLOURS: dict[str, str] = {
    "co_host": "#a64d00",
    "organiser": "#c77700",
    "venue": "#7a5c00",
    "presider": "#6a3d9a",
    "speaker": "#1f5fa8",
    "position": "#2e7d32",
    "parent": "#555555",
}


class GNode(NamedTuple):
    """A node of a drawn graph."""

    #: Unique id (a record id).
    id: str
    #: Text shown beside the node.
    label: str
    #: ``event``, ``person``, ``organisation`` (its shape and colour), or ``more``.
    kind: str
    #: Where the node links to; empty for no link.
    href: str = ""
    #: Longer text for the tooltip and the link's accessible name.
    tooltip: str = ""


class GEdge(NamedTuple):
    """An edge of a drawn graph."""

    source: str
    target: str
    #: Relation name (a key of :data:`ROLE_COLOURS`).
    role: str


class Point(NamedTuple):
    x: float
    y: float
    #: Radius of the node drawn there.
    r: float


class Label(NamedTuple):
    x: float
    y: float
    #: ``start``, ``end`` or ``middle``.
    anchor: str
    lines: tuple[str, ...]
    #: Shown only when its node is hovered or focused.
    hidden: bool = False


class Heading(NamedTuple):
    x: float
    y: float
    anchor: str
    text: str


class Layout(NamedTuple):
    """Where everything goes, in viewBox units (the viewBox starts at 0, 0)."""

    width: float
    height: float
    points: dict[str, Point]
    labels: dict[str, Label]
    headings: tuple[Heading, ...] = ()
    #: ``straight`` lines or horizontal ``fan`` curves from the centre.
    edge_style: str = "straight"
    #: A node whose label gets a backdrop (the centre of a neighbourhood, where edges meet).
    centre: str = ""


# -- text -------------------------------------------------------------------------------


def char_width(ch: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of one character's width (wide scripts count double)."""
    if ord(ch) >= 0x1100 and (ord(ch) <= 0x115F or 0x2E80 <= ord(ch) <= 0xD7A3 or 0xF900 <= ord(ch) <= 0xFFEF):
        return size
    return size * (0.62 if ch.isupper() else 0.55)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return sum(char_width(ch, size) for ch in text)


def wrap(text: str, max_width: float, max_lines: int, size: float = FONT_SIZE) -> tuple[str, ...]:
    """Break text into at most ``max_lines`` lines of at most ``max_width``; end with … if cut."""
    words = " ".join(text.split()).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    out: list[str] = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        if text_width(line, size) > max_width or (last and cut):
            out.append(_shorten(line, max_width, size))
        else:
            out.append(line)
    return tuple(out)


def _shorten(line: str, max_width: float, size: float) -> str:
    """Drop whole words from the end until the line and " …" fit (so the shown words stay whole words
    of the full name, which screen readers hear); cut inside a word only if one word is too wide."""
    words = line.split(" ")
    while len(words) > 1 and text_width(" ".join(words) + " …", size) > max_width:
        words.pop()
    shown = " ".join(words)
    if text_width(shown + " …", size) <= max_width:
        return shown + " …"
    while shown and text_width(shown + "…", size) > max_width:
        shown = shown[:-1]
    return shown + "…"


def label_box(label: Label, size: float = FONT_SIZE) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a label."""
    width = max((text_width(line, size) for line in label.lines), default=0.0)
    if label.anchor == "start":
        left = label.x
    elif label.anchor == "end":
        left = label.x - width
    else:
        left = label.x - width / 2
    top = label.y - size
    return left, top, left + width, top + LINE_HEIGHT * size / FONT_SIZE * len(label.lines) + 2


# -- one record and its neighbours -------------------------------------------------------------

EGO_WIDTH = 820
EGO_LABEL_WIDTH = 250
EGO_NODE_RADIUS = 7
EGO_CENTRE_RADIUS = 13
EGO_GROUP_LIMIT = 40


class Group(NamedTuple):
    """Neighbours that share a relation to the centre, drawn under one heading."""

    heading: str
    #: Preferred column: ``left`` or ``right``.
    side: str
    nodes: tuple[GNode, ...]


def limit_group(group: Group, limit: int = EGO_GROUP_LIMIT) -> Group:
    """Keep a large group readable: its first ``limit`` nodes and one "more" node."""
    if len(group.nodes) <= limit:
        return group
    rest = len(group.nodes) - limit + 1
    more = GNode(f"more-{group.heading}", f"and {rest} more (listed below)", "more", "",
                 f"{rest} more: see the list below the graph")
    return group._replace(nodes=(*group.nodes[: limit - 1], more))


def _group_height(group: Group, label_width: float) -> float:
    rows = sum(_row_height(wrap(n.label, label_width, 2)) for n in group.nodes)
    return LINE_HEIGHT + 10 + rows + 14


def _row_height(lines: Sequence[str]) -> float:
    return max(LINE_HEIGHT * len(lines), 2 * EGO_NODE_RADIUS) + 8


def ego_layout(centre: GNode, groups: Sequence[Group]) -> Layout:
    """The centre in the middle, each group of neighbours in a column, one row per neighbour."""
    groups = [limit_group(g) for g in groups if g.nodes]
    label_width = EGO_LABEL_WIDTH - 20
    sides: dict[str, list[Group]] = {"left": [], "right": []}
    for group in groups:
        sides["left" if group.side == "left" else "right"].append(group)

    def height(side: str) -> float:
        return sum(_group_height(g, label_width) for g in sides[side])

    # balance the columns: move the last group of the taller column while that lowers the maximum
    while True:
        tall, short = ("left", "right") if height("left") > height("right") else ("right", "left")
        if len(sides[tall]) < 2 and sides[short]:
            break
        if not sides[tall]:
            break
        moved = sides[tall][-1]
        before = max(height("left"), height("right"))
        sides[tall].pop()
        sides[short].insert(0, moved) if short == "right" else sides[short].append(moved)
        if max(height("left"), height("right")) >= before:
            sides[short].remove(moved)
            sides[tall].append(moved)
            break

    centre_lines = wrap(centre.label, 200, 5)
    centre_block = 2 * EGO_CENTRE_RADIUS + 12 + LINE_HEIGHT * len(centre_lines)
    margin = 16
    inner = max(height("left"), height("right"), centre_block + 20)
    total_height = inner + 2 * margin
    width = EGO_WIDTH
    x_left = EGO_LABEL_WIDTH + margin
    x_right = width - EGO_LABEL_WIDTH - margin
    cx = width / 2
    points: dict[str, Point] = {}
    labels: dict[str, Label] = {}
    headings: list[Heading] = []
    for side, x in (("left", x_left), ("right", x_right)):
        y = margin + (inner - height(side)) / 2
        for group in sides[side]:
            y += LINE_HEIGHT
            headings.append(Heading(x, y, "end" if side == "left" else "start", group.heading))
            y += 10
            for node in group.nodes:
                lines = wrap(node.label, label_width, 2)
                row = _row_height(lines)
                ny = y + row / 2
                points[node.id] = Point(x, ny, EGO_NODE_RADIUS)
                lx = x - EGO_NODE_RADIUS - 7 if side == "left" else x + EGO_NODE_RADIUS + 7
                first = ny - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
                labels[node.id] = Label(lx, first, "end" if side == "left" else "start", lines)
                y += row
            y += 14
    cy = margin + inner / 2 - (LINE_HEIGHT * len(centre_lines)) / 2
    points[centre.id] = Point(cx, cy, EGO_CENTRE_RADIUS)
    labels[centre.id] = Label(cx, cy + EGO_CENTRE_RADIUS + 6 + FONT_SIZE, "middle", centre_lines)
    return Layout(width, total_height, points, labels, tuple(headings), "fan", centre.id)


# -- the whole network --------------------------------------------------------------------------

NETWORK_MIN_RADIUS = 5.0
NETWORK_MAX_RADIUS = 14.0
NETWORK_GAP = 6.0


def node_radius(degree: int) -> float:
    return min(NETWORK_MAX_RADIUS, NETWORK_MIN_RADIUS + 1.6 * math.sqrt(degree))


def _components(ids: Sequence[str], adjacency: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Connected components, each in breadth-first order from its best-connected node."""
    seen: set[str] = set()
    out: list[list[str]] = []
    order = sorted(ids, key=lambda i: (-len(adjacency[i]), i))
    for start in order:
        if start in seen:
            continue
        seen.add(start)
        queue = [start]
        for node in queue:
            for other in adjacency[node]:
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        out.append(queue)
    return out


def force_layout(ids: Sequence[str], edges: Iterable[tuple[str, str]], spacing: float,
                 iterations: int | None = None) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold layout with grid-bounded repulsion; deterministic for identical input.

    Repulsion only acts between nodes closer than twice ``spacing`` (found through a grid), and the
    number of iterations shrinks as the graph grows, so a large archive costs seconds, not minutes.
    """
    ids = sorted(set(ids))
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(ids)}
    pairs: set[tuple[int, int]] = set()
    for a, b in edges:
        if a == b or a not in index or b not in index:
            continue
        i, j = sorted((index[a], index[b]))
        pairs.add((i, j))
    edge_list = sorted(pairs)
    adjacency: dict[str, list[str]] = {node: [] for node in ids}
    for i, j in edge_list:
        adjacency[ids[i]].append(ids[j])
        adjacency[ids[j]].append(ids[i])
    # start on a sunflower spiral, components one after another in breadth-first order
    order = [index[node] for comp in _components(ids, adjacency) for node in comp]
    golden = math.pi * (3 - math.sqrt(5))
    xs = [0.0] * n
    ys = [0.0] * n
    for rank, i in enumerate(order):
        radius = spacing * math.sqrt(rank + 0.5)
        xs[i] = radius * math.cos(rank * golden)
        ys[i] = radius * math.sin(rank * golden)
    k2 = spacing * spacing
    cutoff = 2.0 * spacing
    cutoff2 = cutoff * cutoff
    steps = iterations if iterations is not None else max(60, min(300, 60_000 // n))
    temperature = spacing * math.sqrt(n) / 4
    cooling = temperature / (steps + 1)
    pull = 0.02 * math.sqrt(30 / max(30, n))  # weaker on large graphs, or they are squeezed
    gravity = [pull * math.sqrt(len(adjacency[node]) + 1) for node in ids]
    floor = math.floor
    for _ in range(steps):
        dxs = [0.0] * n
        dys = [0.0] * n
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(n):
            cells[(floor(xs[i] / cutoff), floor(ys[i] / cutoff))].append(i)
        for (cx, cy), members in cells.items():
            near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in cells.get((cx + ox, cy + oy), ())]
            for i in members:
                ax, ay = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if i == j:
                        continue
                    dx = ax - xs[j]
                    dy = ay - ys[j]
                    d2 = dx * dx + dy * dy
                    if d2 > cutoff2:
                        continue
                    if d2 < 1e-9:
                        # coincident: push apart along a direction fixed by the ids' order
                        dx, dy, d2 = (1.0 if i < j else -1.0), 0.0, 1.0
                    f = k2 / d2
                    fx += dx * f
                    fy += dy * f
                dxs[i] += fx
                dys[i] += fy
        for i, j in edge_list:
            dx = xs[i] - xs[j]
            dy = ys[i] - ys[j]
            f = math.hypot(dx, dy) / spacing
            dxs[i] -= dx * f
            dys[i] -= dy * f
            dxs[j] += dx * f
            dys[j] += dy * f
        for i in range(n):
            # gravity keeps separate components together
            fx = dxs[i] - xs[i] * gravity[i]
            fy = dys[i] - ys[i] * gravity[i]
            length = math.hypot(fx, fy)
            if length > 0:
                step = min(length, temperature) / length
                xs[i] += fx * step
                ys[i] += fy * step
        temperature = max(temperature - cooling, spacing * 0.01)
    return {node: (round(xs[i], 6), round(ys[i], 6)) for i, node in enumerate(ids)}


def snap_to_grid(positions: Mapping[str, tuple[float, float]], cell: float,
                 priority: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Move every node to the centre of its own grid cell, nearest free cell first.

    Two nodes in different cells are at least ``cell`` apart, so nodes no larger than ``cell``
    (gap included) can never overlap. Nodes earlier in ``priority`` keep their place.
    """
    taken: set[tuple[int, int]] = set()
    out: dict[str, tuple[float, float]] = {}
    for node in priority:
        x, y = positions[node]
        gx, gy = round(x / cell), round(y / cell)
        best: tuple[float, int, int] | None = None
        ring = 0
        while best is None or ring <= math.ceil(math.sqrt(best[0])) + 1:
            for i in range(gx - ring, gx + ring + 1):
                for j in range(gy - ring, gy + ring + 1):
                    if max(abs(i - gx), abs(j - gy)) != ring or (i, j) in taken:
                        continue
                    d = (i * cell - x) ** 2 + (j * cell - y) ** 2
                    candidate = (d / (cell * cell), i, j)
                    if best is None or candidate < best:
                        best = candidate
            ring += 1
        _, i, j = best
        taken.add((i, j))
        out[node] = (i * cell, j * cell)
    return out


class _Boxes:
    """Rectangles in a spatial hash, for fast collision tests."""

    def __init__(self, cell: float = 64.0) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def _keys(self, box: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        left, top, right, bottom = box
        for i in range(math.floor(left / self.cell), math.floor(right / self.cell) + 1):
            for j in range(math.floor(top / self.cell), math.floor(bottom / self.cell) + 1):
                yield i, j

    def hits(self, box: tuple[float, float, float, float]) -> bool:
        left, top, right, bottom = box
        for key in self._keys(box):
            for other in self.grid.get(key, ()):
                if left < other[2] and other[0] < right and top < other[3] and other[1] < bottom:
                    return True
        return False

    def add(self, box: tuple[float, float, float, float]) -> None:
        for key in self._keys(box):
            self.grid[key].append(box)


def _degrees(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    degree: dict[str, int] = dict.fromkeys(ids, 0)
    for a, b in edges:
        if a in degree and b in degree and a != b:
            degree[a] += 1
            degree[b] += 1
    return degree


def structure_key(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> str:
    """A digest of what :func:`network_positions` depends on: the nodes and edges, not the names."""
    import hashlib

    rows = sorted(set(ids)), sorted(tuple(sorted(e)) for e in edges)
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def network_positions(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Where each node of the whole network goes: force-directed, then snapped to a grid.

    Depends only on the structure (:func:`structure_key`), so a caller may keep the result while
    the structure does not change; this is the expensive part of :func:`network_layout`.
    """
    ids = sorted(set(ids))
    edges = list(edges)
    degree = _degrees(ids, edges)
    cell = 2 * NETWORK_MAX_RADIUS + NETWORK_GAP
    spacing = cell * 3.0  # room for labels between the nodes
    raw = force_layout(ids, edges, spacing=spacing)
    return snap_to_grid(raw, cell, sorted(ids, key=lambda i: (-degree[i], i)))


def network_layout(nodes: Sequence[GNode], edges: Sequence[GEdge], label_width: float = 170,
                   max_labels: int = 80, positions: Mapping[str, tuple[float, float]] | None = None) -> Layout:
    """The whole network: force-directed, snapped to a grid, labels where they fit.

    ``positions`` are the result of :func:`network_positions` for the same structure, if known.
    """
    ids = sorted({n.id for n in nodes})
    by_id = {n.id: n for n in nodes}
    pairs = [(e.source, e.target) for e in edges]
    degree = _degrees(ids, pairs)
    if positions is None or set(positions) != set(ids):
        positions = network_positions(ids, pairs)
    priority = sorted(ids, key=lambda i: (-degree[i], i))
    points = {i: Point(*positions[i], node_radius(degree[i])) for i in ids}

    boxes = _Boxes()
    for p in points.values():
        boxes.add((p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r))
    labels: dict[str, Label] = {}
    shown = 0
    for node_id in priority:
        p = points[node_id]
        lines = wrap(by_id[node_id].label, label_width, 2, 11)
        narrow = wrap(by_id[node_id].label, label_width * 0.7, 3, 11)
        candidates = [
            Label(p.x + p.r + 4, p.y + 4 - (len(lines) - 1) * 6, "start", lines),
            Label(p.x - p.r - 4, p.y + 4 - (len(lines) - 1) * 6, "end", lines),
            Label(p.x, p.y + p.r + 13, "middle", lines),
            Label(p.x, p.y - p.r - 4 - (len(lines) - 1) * LINE_HEIGHT * 11 / FONT_SIZE, "middle", lines),
            Label(p.x + p.r + 4, p.y + 4 - (len(narrow) - 1) * 6, "start", narrow),
            Label(p.x - p.r - 4, p.y + 4 - (len(narrow) - 1) * 6, "end", narrow),
            Label(p.x + p.r, p.y + p.r + 13, "start", lines),
            Label(p.x - p.r, p.y + p.r + 13, "end", lines),
            Label(p.x + p.r, p.y - p.r - 4 - (len(lines) - 1) * LINE_HEIGHT * 11 / FONT_SIZE, "start", lines),
            Label(p.x - p.r, p.y - p.r - 4 - (len(lines) - 1) * LINE_HEIGHT * 11 / FONT_SIZE, "end", lines),
            Label(p.x, p.y + p.r + 21, "middle", lines),
            Label(p.x, p.y - p.r - 12 - (len(lines) - 1) * LINE_HEIGHT * 11 / FONT_SIZE, "middle", lines),
        ]
        placed = None
        if shown < max_labels:
            for candidate in candidates:
                left, top, right, bottom = label_box(candidate, 11)
                box = (left - 2, top - 1, right + 2, bottom)
                own = (p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r)
                if not _overlaps_any_but(boxes, box, own):
                    placed = candidate
                    boxes.add(box)
                    shown += 1
                    break
        labels[node_id] = placed or candidates[0]._replace(hidden=True)

    # translate everything so the picture starts at the margin
    margin = 12.0
    xs: list[float] = []
    ys: list[float] = []
    for p in points.values():
        xs += [p.x - p.r, p.x + p.r]
        ys += [p.y - p.r, p.y + p.r]
    for label in labels.values():
        if not label.hidden:
            left, top, right, bottom = label_box(label, 11)
            xs += [left, right]
            ys += [top, bottom]
    if not xs:
        return Layout(2 * margin, 2 * margin, {}, {})
    dx = margin - min(xs)
    dy = margin - min(ys)
    points = {i: Point(round(p.x + dx, 2), round(p.y + dy, 2), round(p.r, 2)) for i, p in points.items()}
    labels = {i: lab._replace(x=round(lab.x + dx, 2), y=round(lab.y + dy, 2)) for i, lab in labels.items()}
    width = round(max(xs) - min(xs) + 2 * margin, 2)
    height = round(max(ys) - min(ys) + 2 * margin, 2)
    return Layout(width, height, points, labels)


def _overlaps_any_but(boxes: _Boxes, box: tuple[float, float, float, float],
                      own: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = box
    for key in boxes._keys(box):
        for other in boxes.grid.get(key, ()):
            if other == own:
                continue
            if left < other[2] and other[0] < right and top < other[3] and other[1] < bottom:
                return True
    return False


# -- SVG ----------------------------------------------------------------------------------


def _shape(kind: str, p: Point) -> str:
    fill, stroke = KIND_STYLES.get(kind, KIND_STYLES["more"])
    common = f'class="node-shape" fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if kind == "organisation":
        s = p.r * 0.9
        return f'<rect x="{p.x - s:.2f}" y="{p.y - s:.2f}" width="{2 * s:.2f}" height="{2 * s:.2f}" rx="2" {common}/>'
    if kind == "event":
        r = p.r * 1.05
        return (f'<polygon points="{p.x:.2f},{p.y - r:.2f} {p.x + r:.2f},{p.y:.2f} {p.x:.2f},{p.y + r:.2f} '
                f'{p.x - r:.2f},{p.y:.2f}" {common}/>')
    dash = ' stroke-dasharray="3 2"' if kind == "more" else ""
    return f'<circle cx="{p.x:.2f}" cy="{p.y:.2f}" r="{p.r:.2f}" {common}{dash}/>'


def _text(label: Label, size: float, css_class: str = "node-label") -> str:
    hidden = ' label-on-focus" visibility="hidden' if label.hidden else ""
    # a space ends every line but the last, so that the lines read as one text (accessible names)
    spans = "".join(
        f'<tspan x="{label.x:.2f}" dy="{0 if i == 0 else LINE_HEIGHT * size / FONT_SIZE:.2f}">{escape(line)}'
        f'{" " if i < len(label.lines) - 1 else ""}</tspan>'
        for i, line in enumerate(label.lines))
    return (f'<text class="{css_class}{hidden}" x="{label.x:.2f}" y="{label.y:.2f}" text-anchor="{label.anchor}" '
            f'font-size="{size}" fill="#1a1a1a">{spans}</text>')


def _edge_path(a: Point, b: Point, style: str) -> str:
    if style == "fan":
        mid = (a.x + b.x) / 2
        return f"M{a.x:.2f},{a.y:.2f} C{mid:.2f},{a.y:.2f} {mid:.2f},{b.y:.2f} {b.x:.2f},{b.y:.2f}"
    return f"M{a.x:.2f},{a.y:.2f} L{b.x:.2f},{b.y:.2f}"


def render_svg(nodes: Sequence[GNode], edges: Sequence[GEdge], layout: Layout, *, title: str, description: str,
               id_prefix: str, css_class: str, label_size: float = FONT_SIZE) -> str:
    """The graph as inline SVG: a labelled group whose nodes are keyboard-focusable links."""
    width, height = layout.width, layout.height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="archive-graph {css_class}" '
        f'viewBox="0 0 {width:.2f} {height:.2f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="group" aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        '<g class="graph-edges" aria-hidden="true" fill="none">',
    ]
    for e in sorted(edges, key=lambda e: (e.source, e.target, e.role)):
        a, b = layout.points.get(e.source), layout.points.get(e.target)
        if a is None or b is None:
            continue
        colour = ROLE_COLOURS.get(e.role, "#555555")
        out.append(f'<path class="graph-edge role-{escape(e.role)}" d="{_edge_path(a, b, layout.edge_style)}" '
                   f'stroke="{colour}" stroke-width="1.4"/>')
    out.append("</g>")
    if layout.headings:
        out.append('<g class="graph-headings">')
        for h in layout.headings:
            out.append(f'<text class="graph-heading" x="{h.x:.2f}" y="{h.y:.2f}" text-anchor="{h.anchor}" '
                       f'font-size="{FONT_SIZE}" font-weight="bold" fill="#1a1a1a">{escape(h.text)}</text>')
        out.append("</g>")
    out.append('<g class="graph-nodes">')
    for node in sorted(nodes, key=lambda n: n.id):
        p = layout.points.get(node.id)
        if p is None:
            continue
        label = layout.labels.get(node.id)
        tooltip = escape(node.tooltip or node.label)
        # the name is the link's aria-label, not a <title>: a link's text stays its visible label
        inner = _shape(node.kind, p)
        if label is not None:
            if node.id == layout.centre:
                left, top, right, bottom = label_box(label, label_size)
                inner += (f'<rect class="label-backdrop" x="{left - 4:.2f}" y="{top - 2:.2f}" '
                          f'width="{right - left + 8:.2f}" height="{bottom - top + 4:.2f}" rx="4" fill="#ffffff"/>')
            inner += _text(label, label_size)
        if node.href:
            out.append(f'<a class="graph-node node-{node.kind}" href="{escape(node.href)}" '
                       f'aria-label="{tooltip}">{inner}</a>')
        else:
            out.append(f'<g class="graph-node node-{node.kind}"><title>{tooltip}</title>{inner}</g>')
    out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def legend_html(kinds: Iterable[str]) -> str:
    """A small legend: the shape and colour of each kind of node shown."""
    labels = {"event": "Event", "person": "Person", "organisation": "Organisation"}
    items = []
    for kind in kinds:
        if kind not in labels:
            continue
        shape = _shape(kind, Point(8, 8, 6))
        items.append(f'<li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
                     f"{shape}</svg> {labels[kind]}</li>")
    return f'<ul class="archive-graph-legend">{"".join(items)}</ul>'
