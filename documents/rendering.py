"""The document engine: a GB/T 9704 template and its context in, PDF bytes out.

Nothing else imports WeasyPrint, and this module imports no domain app: the app that owns a
document builds its context (`minutes/document.py`, `notices/document.py`) from
`document_context` and hands it to `render_pdf`. The HTML is a Django template
(templates/documents/), the same one the browser preview shows, so the preview and the PDF
carry the same text.
"""

import hashlib
import logging
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The PDF/A level of the archival variant. 2b: the most widely accepted level that allows
# the transparency and OpenType fonts WeasyPrint writes; 3b would add only arbitrary embedded
# files, which an archived official document must not carry.
ARCHIVE_VARIANT = "pdf/a-2b"

TYPE_AREA_WIDTH_PT = 156 / 25.4 * 72
MAX_MARK_SIZE_PT = 42

# Where the renderer may read from: the app's own document assets, nothing else.
ASSET_DIR = Path(settings.BASE_DIR) / "static" / "documents"


class RefusingURLFetcher(URLFetcher):
    """Fetches only files below ASSET_DIR; refuses http(s), data:, other files, everything.

    User text is escaped in the templates, so no user-supplied URL should ever get here;
    this is the second wall. Refused URLs are kept for tests and logged.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://").split("?")[0].split("#")[0]).resolve()
            if path.is_relative_to(ASSET_DIR.resolve()) and path.is_file():
                return URLFetcherResponse(url, body=path.read_bytes())
        self.refused.append(url[:200])
        logger.warning("document renderer refused to fetch %s", url[:200])
        raise ValueError("The document renderer fetches nothing outside the app's assets.")

    def __call__(self, url: str):
        return self.fetch(url)


def _mark_size(lines: list[str]) -> float:
    """Largest size (pt) at which the longest line of the issuer mark fits the type area."""
    longest = max(len(line) for line in lines)
    return round(min(MAX_MARK_SIZE_PT, TYPE_AREA_WIDTH_PT / longest * 0.97), 1)


def document_context(
    *, title: str, number: str, organisation_name: str, created, mark_lines: list[str]
) -> dict:
    """What every document template needs besides its own content: metadata, fonts, the mark."""
    return {
        "document_title": title,
        "document_number": number,
        "author": organisation_name,
        "keywords": number,
        "created": created,
        "fonts": settings.DOCUMENT_FONTS,
        "unnumbered_pages": [],
        "mark_lines": mark_lines,
        "mark_size": _mark_size(mark_lines),
    }


# Unicode line and paragraph separators (pasted from word processors and web pages) become
# plain line breaks: WeasyPrint's line breaking fails on " \u2029" (AssertionError in
# layout/inline.py), which would make a document with such text impossible to render.
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, context).translate(_SEPARATORS)


def _xmp(context: dict, dates: list) -> bytes:
    """Dublin Core properties of the archival copy: number, issuer and dates."""
    parts = []
    if context["document_number"]:
        parts.append(f"<dc:identifier>{escape(context['document_number'])}</dc:identifier>")
    parts.append(
        f"<dc:publisher><rdf:Bag><rdf:li>{escape(context['author'])}</rdf:li></rdf:Bag></dc:publisher>"
    )
    if dates:
        items = "".join(f"<rdf:li>{d.isoformat()}</rdf:li>" for d in dates)
        parts.append(f"<dc:date><rdf:Seq>{items}</rdf:Seq></dc:date>")
    parts.append("<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>")
    return (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        + "".join(parts)
        + "</rdf:Description></rdf:RDF>"
    ).encode()


def _end_block_only_pages(document) -> list[int]:
    """1-based numbers of pages whose only content is the 版记 (they carry no page number)."""

    def texts(box, inside_end_block=False):
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        if "draft-mark" in classes:
            return  # on every page of a draft: not content
        inside_end_block = inside_end_block or "end-block" in classes
        if isinstance(box, boxes.TextBox) and box.text.strip():
            yield inside_end_block
        if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.MarginBox):
            for child in box.children:
                yield from texts(child, inside_end_block)

    only = []
    for number, page in enumerate(document.pages, start=1):
        flags = list(texts(page._page_box))
        if flags and all(flags):
            only.append(number)
    return only


_font_config = None


def _font_configuration():
    # One FontConfiguration per process: fontconfig lookups are cached across renders.
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def layout(html: str, fetcher: URLFetcher | None = None):
    """WeasyPrint's layout of an HTML string alone (the benchmark's floor)."""
    source = HTML(string=html, base_url=str(ASSET_DIR), url_fetcher=fetcher or RefusingURLFetcher())
    return source.render(font_config=_font_configuration(), pdf_tags=True)


def render_pdf(
    template: str, context: dict, *, archive: bool = False, dates=(), cache: bool = False
) -> bytes:
    """Lay out the template with WeasyPrint and return PDF bytes (PDF/A-2b when archive).

    `cache`: keep the result in the document cache under a digest of the HTML, so a document
    whose text has not changed is never rendered twice (drafts are downloaded again and again).
    """
    html = render_html(template, context)
    if not cache:
        return _write_pdf(template, context, html, archive=archive, dates=dates)
    key = "pdf:" + hashlib.sha256(f"{archive}|{list(dates)}|{html}".encode()).hexdigest()
    store = caches["documents"]
    data = store.get(key)
    if data is None:
        data = _write_pdf(template, context, html, archive=archive, dates=dates)
        store.set(key, data, timeout=None)
    return data


def _write_pdf(template: str, context: dict, html: str, *, archive: bool, dates) -> bytes:
    fetcher = RefusingURLFetcher()
    document = layout(html, fetcher)
    unnumbered = _end_block_only_pages(document)
    if unnumbered:
        document = layout(render_html(template, {**context, "unnumbered_pages": unnumbered}), fetcher)
    document.metadata.lang = "zh-CN"
    options = {"pdf_tags": True}
    if archive:
        document.metadata.xmp_metadata.append(_xmp(context, list(dates)))
        document.metadata.modified = timezone.now().isoformat(timespec="seconds")
        options.update(pdf_variant=ARCHIVE_VARIANT)
    return document.write_pdf(**options)
