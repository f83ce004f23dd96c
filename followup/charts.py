"""Server-side SVG bar charts of shares against the target line (the same chart works in a PDF later)."""

from django.utils.translation import gettext as _

from core.text import percent

LABEL_WIDTH = 110
BAR_AREA = 480
ROW = 34
TOP = 28


def bar_chart(results, title, with_survey=False):
    """Geometry for templates/followup/_chart.html from QuestionResults; None when there is nothing to draw.

    `with_survey` adds the survey's short name to each label (the goal overview mixes surveys).
    """
    if not results:
        return None
    label_width = LABEL_WIDTH + (110 if with_survey else 0)
    bars = []
    for index, result in enumerate(results):
        question = result.question
        label = (
            _("Mål %(goal)s%(aspect)s") % {"goal": question.goal, "aspect": question.aspect}
            if question.goal
            else _("Fråga %(n)s") % {"n": index + 1}
        )
        if with_survey:
            label = f"{label} ({question.template.short_label})"
        y = TOP + index * ROW
        share = None if result.suppressed else result.share
        bars.append(
            {
                "label": label,
                "share": share,
                "suppressed": result.suppressed,
                "meets": result.meets_target,
                # In the reader's language: "88,2 %" in Swedish, "88.2 %" in English.
                "share_text": "" if share is None else percent(share),
                "y": y,
                "text_y": y + 16,
                "width": round(BAR_AREA * (share or 0) / 100, 1),
                # Values in their own column after 100 %, so no text crosses the target line.
                "value_x": label_width + BAR_AREA + 8,
                "target_x": label_width + BAR_AREA * result.target / 100,
            }
        )
    targets = {round(b["target_x"], 1) for b in bars}
    height = TOP + len(bars) * ROW + 10
    summary = "; ".join(
        f"{b['label']}: "
        + (
            _("för få svar")
            if b["suppressed"]
            else (_("inga svar") if b["share"] is None else b["share_text"])
        )
        for b in bars
    )
    return {
        "title": title,
        "desc": _("Stapeldiagram. Den lodräta linjen är målvärdet. ") + summary,
        "bars": bars,
        "height": height,
        "bar_x": label_width,
        "width": label_width + BAR_AREA + 70,
        "target_lines": sorted(targets),
        "axis_bottom": height - 6,
        "target_label_x": sorted(targets)[0] if targets else None,
    }
