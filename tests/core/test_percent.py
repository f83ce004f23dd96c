"""One percent format everywhere (issue #19: "100,0 %" on one page, "100 %" on another): at most one
decimal, none when the share is whole, in the reader's language; templates use the `percent` filter."""

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from core.text import percent

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_share_is_written_one_way():
    assert [percent(v) for v in (100, 100.0, 66.666, 0.04, 12.25)] == [
        "100 %",
        "100 %",
        "66,7 %",
        "0 %",
        "12,3 %",
    ]
    assert percent(None) == "–"
    with translation.override("en"):
        assert percent(66.666) == "66.7 %"


def test_the_template_filter_is_the_same_function():
    assert Template("{% load numbers %}{{ v|percent }}").render(Context({"v": 100.0})) == "100 %"


def test_no_template_or_module_writes_a_percent_sign_after_a_number_itself():
    # "{{ share }} %", "%(share)s %%", f"{share} %" (a "%}" or "%%}" closes a template tag: not a share).
    pattern = re.compile(r"\}\}\s?%(?!\})|%\(\w+\)s %%(?!\})|\{[^{}]*\} %\"")
    found = []
    folders = [path.parent for path in ROOT.glob("*/apps.py")] + [ROOT / "templates"]
    for path in (path for folder in folders for path in folder.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or path == ROOT / "core" / "text.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
