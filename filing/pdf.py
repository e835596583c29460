"""One small generator for every PDF the product prints: a template plus a context.

The font configuration and the parsed stylesheets are built once per process
and shared by every render; parsing the CSS registers the fonts, so building
them per document would double the cost of a certificate run.
"""

import gc
import logging
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Stylesheets use `url("pdf-font:<file>")` for the fonts `manage.py build_fonts`
# writes to settings.PDF_FONT_DIR, so the CSS stays the same wherever that is.
FONT_SCHEME = "pdf-font"

# The subset of Noto Serif CJK SC, one file per weight the layouts use.
SUBSET_FONT_FAMILY = "Filing Serif SC"
SUBSET_FONT_FILES = {
    "regular": "FilingSerifSC-Regular.otf",
    "bold": "FilingSerifSC-Bold.otf",
}

# Every stylesheet is parsed with this one first; a template's own stylesheet
# sits beside it with the same stem (pdf/notice_roster.html -> notice_roster.css).
BASE_STYLESHEET = "base.css"


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def asset_dir():
    """Where the PDF templates and their stylesheets live."""
    return Path(settings.BASE_DIR) / "templates" / "pdf"


def subset_font_paths():
    font_dir = Path(settings.PDF_FONT_DIR)
    return {weight: font_dir / name for weight, name in SUBSET_FONT_FILES.items()}


class AssetFetcher(URLFetcher):
    """Serves the project's own fonts and PDF assets, and refuses everything else.

    WeasyPrint's default fetcher follows any URL a document names, and embeds
    whatever it gets in the PDF (`<link rel="attachment">`, `<img>`, CSS
    `url()`): a local file, an intranet address. Only two sources are allowed
    here: the built fonts, by the `pdf-font:` scheme, and files below the PDF
    asset directory, by `file:` URL.
    """

    def fetch(self, url, headers=None):
        path = self.allowed_path(url)
        if path is None:
            logger.warning("Refused to fetch %s for a PDF", url)
            raise ValueError(f"URL outside the PDF assets: {url}")

        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )

    def allowed_path(self, url):
        """The file `url` names when it is an allowed asset, else None."""
        parts = urlsplit(url)
        if parts.scheme == FONT_SCHEME:
            name = unquote(parts.path)
            root = Path(settings.PDF_FONT_DIR).resolve()
            if "/" in name or name not in SUBSET_FONT_FILES.values():
                return None
            path = root / name
        elif parts.scheme == "file" and parts.netloc in ("", "localhost"):
            root = asset_dir().resolve()
            # resolve() follows `..` and symbolic links before the check.
            path = Path(unquote(parts.path)).resolve()
        else:
            return None

        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path


_lock = threading.Lock()
_shared = {}


def _font_config():
    with _lock:
        if "font_config" not in _shared:
            _shared["font_config"] = FontConfiguration()
        return _shared["font_config"]


def _stylesheet(name):
    """A parsed stylesheet from the asset directory; parsed once per process."""
    font_config = _font_config()
    with _lock:
        key = f"css:{name}"
        if key not in _shared:
            path = asset_dir() / name
            _shared[key] = (
                CSS(filename=path, font_config=font_config, url_fetcher=AssetFetcher())
                if path.is_file()
                else None
            )
        return _shared[key]


def _stylesheets_for(template_name):
    own = f"{Path(template_name).stem}.css"
    sheets = [_stylesheet(BASE_STYLESHEET), _stylesheet(own)]
    return [sheet for sheet in sheets if sheet is not None]


def reset_shared_state():
    """Forget the font configuration and stylesheets, e.g. after rebuilding fonts."""
    with _lock:
        _shared.clear()


def render_pdf(template_name, context):
    """Render a Django template to a PDF with the shared fonts and stylesheets."""
    html = render_to_string(template_name, context)
    stylesheets = _stylesheets_for(template_name)
    font_config = _font_config()

    # Layout allocates millions of short-lived objects without cycles; the
    # collector's passes over them cost a fifth of a large roster's time.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(
            string=html,
            base_url=asset_dir().as_uri() + "/",
            url_fetcher=AssetFetcher(),
        ).render(font_config=font_config, stylesheets=stylesheets)
        content = document.write_pdf()
    finally:
        if gc_was_enabled:
            gc.enable()

    return RenderedPdf(content=content, page_count=len(document.pages))
