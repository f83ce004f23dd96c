"""English date formats: the same shapes as the Swedish ones, with English capitals."""

DATE_FORMAT = "j F Y"  # 28 November 2026
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "Y-m-d"  # ISO, as in Swedish: Django's English default would be 11/28/2026
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"

WEEKDAY_DATE_FORMAT = "l j F Y"  # Saturday 28 November 2026
SHORT_WEEKDAY_DATE_FORMAT = "D j M Y"  # Sat 28 Nov 2026
SHORT_MONTH_DAY_FORMAT = "j M"  # 28 Nov
NUMERIC_MONTH_DAY_FORMAT = "j/n"  # 28/11
SHORT_MONTH_FORMAT = "M"  # Nov
