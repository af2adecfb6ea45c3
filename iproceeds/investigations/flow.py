"""A victim's money as a flow diagram read at a glance: a Sankey drawn on the server as SVG.

victim → the traced accounts that hold the money or paid it out → "held in ..." / "left to ...";
every band's width is proportional to its amount. The strict CSP forbids inline styles and scripts,
so everything is drawn with SVG presentation attributes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from moneytrace.money import format_amount, parse_amount

WIDTH = 1060
BAND_HEIGHT = 320  # the victim's whole traced money is this tall
GAP = 14
TOP = 30
NODE_WIDTH = 12
COLUMNS_X = (170, 460, 700)
HELD_COLOUR, LEFT_COLOUR, NODE_COLOUR = "#2e7d32", "#c62828", "#37474f"


@dataclass(frozen=True)
class Link:
    """A band of the diagram: money going from one node to the next (minor units)."""

    source: tuple[int, str]
    target: tuple[int, str]
    amount: int
    kind: str  # "held" or "left"


def victim_links(result: dict[str, Any], victim: str, exit_from: dict[str, str]) -> list[Link]:
    """The victim's bands, summed per pair of nodes, from a stored trace result."""
    currency = result["currency"]
    sums: dict[tuple[tuple[int, str], tuple[int, str], str], int] = defaultdict(int)
    for row in result["holdings"]:
        if row["victim"] == victim:
            amount = parse_amount(row["amount"], currency)
            sums[((0, victim), (1, row["account"]), "held")] += amount
            sums[((1, row["account"]), (2, "held:" + row["account"]), "held")] += amount
    for row in result["exits"]:
        if row["victim"] == victim:
            amount = parse_amount(row["amount"], currency)
            account = exit_from.get(row["transaction_id"]) or _("unknown account")
            sums[((0, victim), (1, account), "left")] += amount
            sums[((1, account), (2, "left:" + _destination(row)), "left")] += amount
    return [Link(s, t, amount, kind) for (s, t, kind), amount in sums.items() if amount > 0]


def _destination(row: dict[str, Any]) -> str:
    name = row.get("to_account") or _("cash or unknown")
    return f"{name} ({row['counterparty_country']})" if row.get("counterparty_country") else name


def _label(node: tuple[int, str]) -> str:
    column, key = node
    if column == 2 and key.startswith("held:"):
        return _("held in %(account)s") % {"account": key.removeprefix("held:")}
    if column == 2:
        return _("left to %(where)s") % {"where": key.removeprefix("left:")}
    return key


Boxes = dict[tuple[int, str], tuple[float, float, int]]


def _layout(links: list[Link], scale: float) -> tuple[Boxes, float]:
    """Each node's top, height and amount, columns stacked from the top with a gap; the diagram's height."""
    size: dict[tuple[int, str], int] = defaultdict(int)
    for link in links:
        size[link.target] += link.amount
        if link.source[0] == 0:
            size[link.source] += link.amount
    boxes: Boxes = {}
    bottom = 0.0
    for column in (0, 1, 2):
        y = float(TOP)
        for node in sorted((n for n in size if n[0] == column), key=lambda n: _rank(n, links, boxes)):
            height = size[node] * scale
            boxes[node] = (y, height, size[node])
            y += height + GAP
        bottom = max(bottom, y)
    return boxes, bottom + TOP


def _rank(node: tuple[int, str], links: list[Link], boxes: Boxes) -> tuple[float, int, str]:
    """Where a node goes in its column: under the node that feeds it, held above left (fewer crossings)."""
    feeders = [boxes[link.source][0] for link in links if link.target == node and link.source in boxes]
    return (min(feeders, default=0.0), 0 if node[1].startswith("held:") else 1, node[1])


def _kind_order(link: Link) -> int:
    return 0 if link.kind == "held" else 1


def sankey_svg(result: dict[str, Any], victim: str, exit_from: dict[str, str]) -> SafeString:
    """The victim's Sankey diagram as an inline SVG element (empty when nothing was traced)."""
    links = victim_links(result, victim, exit_from)
    total = sum(link.amount for link in links if link.source[0] == 0)
    if total <= 0:
        return mark_safe("")
    scale = BAND_HEIGHT / total
    boxes, height = _layout(links, scale)
    title = _("Where the money of %(victim)s went") % {"victim": victim}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sankey" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    parts += _bands(links, boxes, scale, result["currency"])
    parts += _nodes(boxes, result["currency"])
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _bands(links: list[Link], boxes: Boxes, scale: float, currency: str) -> list[str]:
    """One curved band per link, its stroke width proportional to the amount."""
    # A node's bands leave in the order of their targets' heights and arrive in their sources' order.
    starts, ends = _offsets(links, boxes, scale, "source"), _offsets(links, boxes, scale, "target")
    parts = []
    for link in links:
        width = link.amount * scale
        y0, y1 = starts[link], ends[link]
        x0 = COLUMNS_X[link.source[0]] + NODE_WIDTH
        x1 = COLUMNS_X[link.target[0]]
        middle = (x0 + x1) / 2
        colour = HELD_COLOUR if link.kind == "held" else LEFT_COLOUR
        money = f"{format_amount(link.amount, currency)} {currency}"
        tip = f"{_label(link.source)} → {_label(link.target)}: {money}"
        parts.append(
            f'<path class="band" d="M{x0} {y0:.2f} C{middle:.1f} {y0:.2f} '
            f'{middle:.1f} {y1:.2f} {x1} {y1:.2f}" '
            f'fill="none" stroke="{colour}" stroke-opacity="0.45" stroke-width="{width:.4f}" '
            f'data-amount="{link.amount}" data-kind="{link.kind}"><title>{escape(tip)}</title></path>'
        )
    return parts


def _offsets(links: list[Link], boxes: Boxes, scale: float, end: str) -> dict[Link, float]:
    """The middle height of each band where it meets its source (or target) node."""
    other = "target" if end == "source" else "source"
    placed: dict[tuple[int, str], float] = defaultdict(float)
    middles = {}
    for link in sorted(links, key=lambda k: (boxes[getattr(k, other)][0], _kind_order(k))):
        node = getattr(link, end)
        width = link.amount * scale
        middles[link] = boxes[node][0] + placed[node] + width / 2
        placed[node] += width
    return middles


def _nodes(boxes: Boxes, currency: str) -> list[str]:
    """A bar per node and its label with the amount (left of the victim, right of the others)."""
    parts = []
    for node, (y, height, amount) in boxes.items():
        x = COLUMNS_X[node[0]]
        text = f"{_label(node)}: {format_amount(amount, currency)} {currency}"
        label_x, anchor = (x - 6, "end") if node[0] == 0 else (x + NODE_WIDTH + 6, "start")
        parts.append(
            f'<rect class="node" x="{x}" y="{y:.2f}" width="{NODE_WIDTH}" height="{max(height, 1.0):.2f}" '
            f'fill="{NODE_COLOUR}"><title>{escape(text)}</title></rect>'
            f'<text x="{label_x}" y="{y + height / 2 + 4:.2f}" text-anchor="{anchor}" fill="#111" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">'
            f"{escape(text)}</text>"
        )
    return parts
