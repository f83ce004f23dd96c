"""PDFs (sign-in sheet, course certificate) from HTML with WeasyPrint, reading no outside URLs."""
from weasyprint import HTML


def _no_outside_urls(url, *args, **kwargs):
    # The templates carry their own CSS; refusing every fetch keeps user text from pulling in URLs.
    raise ValueError(f"Hämtning av {url} är inte tillåten i PDF:er")


def render_pdf(html):
    return HTML(string=html, url_fetcher=_no_outside_urls).write_pdf()
