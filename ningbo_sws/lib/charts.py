"""Charts drawn on the server as SVG (issue 12 item 5): no script, no font or file from outside, so a chart looks
the same in the page, in print and in a PDF. Hand-made templates, kept small: a horizontal bar chart.

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
