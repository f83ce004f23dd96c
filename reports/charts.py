"""Server-side SVG bar charts of counts (the same geometry is drawn on the page and in the PDF).

Goal charts against a target reuse followup.charts.bar_chart; this module draws plain counts.
"""

from django.utils.translation import gettext as _

LABEL_WIDTH = 170
BAR_AREA = 420
ROW = 26
TOP = 10


def count_chart(title, labels, values, unit=""):
    """Geometry for reports/_bars.html: one horizontal bar per label; None when there is nothing to draw."""
    if not labels:
        return None
    top = max([v for v in values if v] or [1])
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=False)):
        y = TOP + index * ROW
        value = value or 0
        bars.append(
            {
                "label": str(label),
                "value": value,
                "y": y,
                "text_y": y + 14,
                "width": round(BAR_AREA * value / top, 1),
                "value_x": LABEL_WIDTH + BAR_AREA + 6,
            }
        )
    height = TOP + len(bars) * ROW + 6
    desc = _("Stapeldiagram. ") + "; ".join(f"{b['label']}: {b['value']}{unit}" for b in bars)
    return {
        "title": str(title),
        "desc": desc,
        "bars": bars,
        "height": height,
        "bar_x": LABEL_WIDTH,
        "width": LABEL_WIDTH + BAR_AREA + 70,
    }


def from_table(title, table, label_col, value_col, unit=""):
    headers, rows = table
    return count_chart(
        title,
        [r[label_col] for r in rows],
        [r[value_col] if isinstance(r[value_col], (int, float)) else 0 for r in rows],
        unit,
    )
