"""The Content-Security-Policy is strict, and no template of ours needs it loosened."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
# Templates rendered to PDF by WeasyPrint never reach a browser, so they may carry <style>.
OUR_TEMPLATES = [
    p
    for p in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in p.parts and "pdf" not in p.parts and not p.stem.endswith("_pdf")
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


@pytest.mark.django_db
def test_every_page_carries_a_strict_policy(client, norrbotten):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_templates_have_no_inline_script_style_or_event_handler():
    assert OUR_TEMPLATES, "no templates found"
    offenders = []
    for path in OUR_TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not offenders, "\n".join(offenders)
