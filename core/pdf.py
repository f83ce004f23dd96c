"""PDFs (sign-in sheet, certificate, personal-data export) from HTML with WeasyPrint, no outside URLs."""


def _no_outside_urls(url, *args, **kwargs):
    # The templates carry their own CSS; refusing every fetch keeps user text from pulling in URLs.
    raise ValueError(f"Hämtning av {url} är inte tillåten i PDF:er")


def render_pdf(html):
    # Imported here: WeasyPrint is heavy and logs while loading, which every manage.py command would show.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_outside_urls).write_pdf()
