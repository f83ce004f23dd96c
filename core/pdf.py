"""Every PDF the portal hands out, from HTML with WeasyPrint: tagged PDF/UA-1, no outside URLs.

One function for every document (certificate, sign-in sheet, personal-data letter, yearly report, and
whatever comes next), so that each one is accessible in the same way (DOS-lagen, WCAG 2.1 AA):

- tagged (`/MarkInfo /Marked true` and a structure tree: headings, paragraphs, lists, tables with
  header cells, figures with the SVG's `<title>` as their text alternative);
- the document language (`/Lang`) from `<html lang="…">`: the language the page was asked in, so `en`
  when the person chose English;
- the `<title>` as the window title (`/DisplayDocTitle`);
- a bookmark for every heading (WeasyPrint's outline from h1–h6), which a multi-page document needs.

A template without a language or a title is refused here rather than written as an unreadable PDF.
"""

import re

from django.template.loader import render_to_string
from django.utils import translation

PDF_VARIANT = "pdf/ua-1"

_LANG = re.compile(r"<html\b[^>]*\blang=\"([a-z]{2}(?:-[A-Za-z]+)?)\"", re.IGNORECASE)
_TITLE = re.compile(r"<title>\s*([^<\s][^<]*)</title>", re.IGNORECASE)


def _no_outside_urls(url, *args, **kwargs):
    # The templates carry their own CSS; refusing every fetch keeps user text from pulling in URLs.
    raise ValueError(f"Hämtning av {url} är inte tillåten i PDF:er")


def render_pdf(html):
    """The PDF (bytes) of a complete HTML document that names its language and has a title."""
    if not _LANG.search(html):
        raise ValueError('En PDF behöver ett språk: <html lang="…">')
    if not _TITLE.search(html):
        raise ValueError("En PDF behöver en titel: <title>…</title>")
    # Imported here: WeasyPrint is heavy and logs while loading, which every manage.py command would show.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_outside_urls).write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf_template(template_name, context, *, language=None):
    """`render_pdf` of a template, in `language` if given (else the active one, i.e. the reader's)."""
    with translation.override(language or translation.get_language()):
        return render_pdf(render_to_string(template_name, context))
