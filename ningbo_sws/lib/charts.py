"""Charts drawn on the server as SVG (issue 12 item 5): no script, no font or file from outside, so a chart looks
the same in the page, in print and in a PDF. Hand-made templates, kept small: a horizontal bar chart, and a line
chart of several series over years (issue 12's multi-year dashboards).

    charts.bar_chart([("优秀", 3), ("良好", 5)], title="等次分布", unit="个")

Every text is escaped; numbers are formatted here. The SVG takes the page's font (the PDF renderer's font stack).
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _number(value) -> str:
    if isinstance(value, float | Decimal):
        text = f"{Decimal(str(value)):.1f}"
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def bar_chart(bars, *, title: str = "", unit: str = "", width: int = 480, bar_height: int = 22,
              label_width: int = 120, colour: str = "#2f6fb0") -> SafeString:
    """A horizontal bar chart of [(label, value)], the longest bar the largest value; values shown at the end."""
    bars = [(str(label), value or 0) for label, value in bars]
    top = max((float(v) for _l, v in bars), default=0) or 1
    gap, head = 6, 24 if title else 4
    height = head + len(bars) * (bar_height + gap) + 4
    room = width - label_width - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title)}">']  # scaled down by CSS (.chart)
    if title:
        parts.append(f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>')
    for index, (label, value) in enumerate(bars):
        y = head + index * (bar_height + gap)
        length = max(0, round(float(value) / top * room))
        parts.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.0f}" font-size="12" '
                     f'text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 4}" y="{y + bar_height * 0.7:.0f}" font-size="12">'
                     f'{escape(_number(value))}{escape(unit)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


# Series colours of a line chart, told apart by their marks too (circle, square, triangle ...), not by colour alone.
SERIES_COLOURS = ("#2f6fb0", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b")


def _mark(shape: int, x: float, y: float, colour: str) -> str:
    if shape % 3 == 1:
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape % 3 == 2:
        return (f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}" '
                f'fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def line_chart(labels, series, *, title: str = "", unit: str = "", width: int = 560, height: int = 220,
               legend_width: int = 130) -> SafeString:
    """A line chart over `labels` (the x axis, e.g. years) of `series` = [(name, [value or None per label])]: one
    line per series from 0 to the largest value, each point's value written beside it; None leaves a gap.

        charts.line_chart([2024, 2025, 2026], [("海曙区", [82.5, 84, None])], title="平均总分")
    """
    labels = [str(label) for label in labels]
    series = [(str(name), [None if v is None else float(v) for v in values]) for name, values in series]
    top = max((v for _n, values in series for v in values if v is not None), default=0) or 1
    head, foot, left = (26 if title else 8), 22, 36
    plot_w = max(40, width - left - legend_width - 10)
    plot_h = height - head - foot
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title)}">']  # scaled down by CSS (.chart)
    if title:
        parts.append(f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>')
    base = head + plot_h
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#555"/>')
    parts.append(f'<line x1="{left}" y1="{head}" x2="{left}" y2="{base}" stroke="#555"/>')
    parts.append(f'<text x="{left - 4}" y="{head + 4}" font-size="11" text-anchor="end">'
                 f'{escape(_number(top))}{escape(unit)}</text>')
    parts.append(f'<text x="{left - 4}" y="{base}" font-size="11" text-anchor="end">0</text>')
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0

    def x_of(index):
        return left + (index * step if len(labels) > 1 else plot_w / 2)

    for index, label in enumerate(labels):
        parts.append(f'<text x="{x_of(index):.1f}" y="{base + 16}" font-size="11" text-anchor="middle">'
                     f'{escape(label)}</text>')
    for number, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        points = [(x_of(i), base - v / top * plot_h, v) for i, v in enumerate(values[:len(labels)]) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, value in points:
            parts.append(_mark(number, x, y, colour))
            parts.append(f'<text x="{x + 5:.1f}" y="{y - 5:.1f}" font-size="10">{escape(_number(value))}</text>')
        ly = head + 4 + number * 18
        lx = left + plot_w + 16
        parts.append(_mark(number, lx, ly, colour))
        parts.append(f'<text x="{lx + 9}" y="{ly + 4}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
