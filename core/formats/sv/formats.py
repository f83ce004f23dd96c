"""Swedish date formats: month and weekday names in lower case, ISO dates in tables."""

DATE_FORMAT = "j F Y"  # 28 november 2026
DATETIME_FORMAT = "j F Y H:i"  # 28 november 2026 14:05
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-11-28
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-11-28 14:05
MONTH_DAY_FORMAT = "j F"  # 28 november
YEAR_MONTH_FORMAT = "F Y"  # november 2026

# The portal's own names.
WEEKDAY_DATE_FORMAT = "l j F Y"  # lördag 28 november 2026
SHORT_WEEKDAY_DATE_FORMAT = "D j b Y"  # lör 28 nov 2026 (`b`: lower-case month; `M` would give "Nov")
SHORT_MONTH_DAY_FORMAT = "j b"  # 28 nov
NUMERIC_MONTH_DAY_FORMAT = "j/n"  # 28/11
SHORT_MONTH_FORMAT = "b"  # nov (a column heading per month)
