"""Text that ends up where a line break does harm: people's names (shown in lists, put in e-mail
subjects) and e-mail headers."""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

# Unicode categories never wanted in a name or a header: control (Cc: \r, \n, \t, NUL, …), format
# (Cf: zero-width and bidirectional marks that make a name look different from what it is),
# line and paragraph separators (Zl, Zp), unassigned and private use (Cn, Co), surrogates (Cs).
_UNWANTED = {"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs"}


def one_line(text: str) -> str:
    """`text` on one line: every unwanted character becomes a space, runs of spaces become one."""
    cleaned = "".join(" " if unicodedata.category(char) in _UNWANTED else char for char in str(text))
    return " ".join(cleaned.split())


def clean_name(text: str) -> str:
    """A person's name as typed, without control characters, line breaks or doubled spaces."""
    return one_line(text or "")


def header_safe(text: str, max_length: int = 255) -> str:
    """A value that can go into an e-mail header as it is (never raises BadHeaderError): one line,
    at most `max_length` characters (cut at a word where possible, with an ellipsis)."""
    line = one_line(text)
    if len(line) <= max_length:
        return line
    cut = line[: max_length - 1]
    if " " in cut[max_length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def percent(value: float | Decimal | str | None) -> str:
    """A share in percent as the portal writes it everywhere: at most one decimal, none when whole
    ("100 %", "66,7 %" in Swedish, "66.7 %" in English); "–" when there is none."""
    if value is None or value == "":
        return "–"
    value = Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)  # 12,25 → 12,3, as people round
    return f"{number_format(value, 0 if value == value.to_integral_value() else 1)} %"
