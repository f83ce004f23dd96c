"""Date formats of the portal, one module per language (settings.FORMAT_MODULE_PATH).

Templates and code name a format (`|date:"SHORT_WEEKDAY_DATE_FORMAT"`) instead of spelling one out,
so that every page writes a date the same way and each language can write it its own way. Swedish
writes month and weekday names in lower case ("lör 28 nov 2026"), which Django's `M` and `D`
letters do not: `M` capitalises the month. Every name used must exist in every language's module;
tests/test_dates.py checks that.
"""
