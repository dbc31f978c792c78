"""Charts drawn on the server as small SVG; each page that shows one also shows its data as a table."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    needed: float
    held: float


def levels_chart(bars: list[Bar], max_level: int, title: str, needed_label: str, held_label: str) -> str:
    """Needed and held level per competency as paired horizontal bars; the text is escaped here."""
    row, label_w, bar_w, top = 34, 0, 260, 28
    width = bar_w + 20
    height = top + row * len(bars) + 8
    unit = bar_w / max(max_level, 1)
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        '<rect x="4" y="6" width="12" height="10" class="needed"/>',
        f'<text x="20" y="15">{escape(needed_label)}</text>',
        '<rect x="130" y="6" width="12" height="10" class="held"/>',
        f'<text x="146" y="15">{escape(held_label)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row
        parts.append(f'<text x="{label_w + 4}" y="{y + 8}" class="label">{escape(bar.label[:48])}</text>')
        parts.append(
            f'<rect x="{label_w + 4}" y="{y + 11}" width="{bar.needed * unit:.1f}" '
            'height="8" class="needed"/>'
        )
        parts.append(
            f'<rect x="{label_w + 4}" y="{y + 20}" width="{bar.held * unit:.1f}" height="8" class="held"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(values: list[tuple[str, float]], title: str, unit_max: float | None = None) -> str:
    """One horizontal bar per labelled value, label above its bar; the text is escaped here."""
    row, bar_w, top = 30, 260, 6
    height = top + row * len(values) + 4
    top_value = unit_max or max((v for _, v in values), default=1.0) or 1.0
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {bar_w + 20} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(values):
        y = top + i * row
        parts.append(f'<text x="4" y="{y + 10}" class="label">{escape(label[:52])}</text>')
        parts.append(
            f'<rect x="4" y="{y + 14}" width="{bar_w * value / top_value:.1f}" height="9" class="needed"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
