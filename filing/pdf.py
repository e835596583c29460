"""One small generator for every PDF the product prints: a template plus a context.

The font configuration and the parsed stylesheets are built once per process
and shared by every render; parsing the CSS registers the fonts, so building
them per document would double the cost of a certificate run.
"""

import gc
import io
import itertools
import logging
import mimetypes
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Stylesheets use `url("pdf-font:<file>")` for the fonts `manage.py build_fonts`
# writes to settings.PDF_FONT_DIR, so the CSS stays the same wherever that is.
FONT_SCHEME = "pdf-font"

# The two cuts of Noto Serif CJK SC that `manage.py build_fonts` writes, one
# file per weight the layouts use; templates/pdf/base.css says why two.
SUBSET_FONT_FAMILY = "Filing Serif SC"
EXTENSION_FONT_FAMILY = "Filing Serif SC Extension"
BUILT_FONT_FILES = {
    (SUBSET_FONT_FAMILY, "regular"): "FilingSerifSC-Regular.otf",
    (SUBSET_FONT_FAMILY, "bold"): "FilingSerifSC-Bold.otf",
    (EXTENSION_FONT_FAMILY, "regular"): "FilingSerifSCExtension-Regular.otf",
    (EXTENSION_FONT_FAMILY, "bold"): "FilingSerifSCExtension-Bold.otf",
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


def built_font_paths():
    """Where each font `manage.py build_fonts` writes lies, by (family, weight)."""
    font_dir = Path(settings.PDF_FONT_DIR)
    return {key: font_dir / name for key, name in BUILT_FONT_FILES.items()}


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
        if not path.is_file():
            logger.warning("PDF asset %s is missing", path)
            raise FileNotFoundError(path)

        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )

    def allowed_path(self, url):
        """The file `url` names when it may be served, whether or not it exists."""
        parts = urlsplit(url)
        if parts.scheme == FONT_SCHEME:
            name = unquote(parts.path)
            if name not in BUILT_FONT_FILES.values():
                return None
            return Path(settings.PDF_FONT_DIR) / name
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            # resolve() follows `..` and symbolic links before the check.
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(asset_dir().resolve()):
                return path
        return None


_lock = threading.Lock()
_shared = {}


def _shared_value(key, build):
    """Build a value once per process; reading a built one takes no lock.

    A forked child may inherit the lock held by another thread of its parent;
    the values it needs are built before the fork, so it never waits on it.
    """
    if key not in _shared:
        with _lock:
            if key not in _shared:
                _shared[key] = build()
    return _shared[key]


def _font_config():
    return _shared_value("font_config", FontConfiguration)


def _stylesheet(name):
    """A parsed stylesheet from the asset directory, or None if there is none."""
    font_config = _font_config()

    def parse():
        path = asset_dir() / name
        if not path.is_file():
            return None
        return CSS(filename=path, font_config=font_config, url_fetcher=AssetFetcher())

    return _shared_value(f"css:{name}", parse)


def _stylesheets_for(template_name):
    own = f"{Path(template_name).stem}.css"
    sheets = [_stylesheet(BASE_STYLESHEET), _stylesheet(own)]
    return [sheet for sheet in sheets if sheet is not None]


def render_pdf(template_name, context):
    """Render a Django template to a PDF with the shared fonts and stylesheets."""
    document, content = _render(template_name, context)
    return RenderedPdf(content=content, page_count=len(document.pages))


def _render(template_name, context):
    """The laid-out document and its PDF; the caller decides when to free it."""
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
        return document, document.write_pdf()
    finally:
        if gc_was_enabled:
            gc.enable()


def render_pdf_in_parts(template_name, context, starts, processes=2, rows_key="rows"):
    """Render a long table in parts, each in a forked process, and join them.

    WeasyPrint lays a document out on one core and holds all of it in memory
    until it is written: a 1,000-row roster takes seconds and over 300 MB.
    Parts bound both: each renders the rows from one of `starts` (indexes into
    `context[rows_key]`, the first 0) to the next, at most `processes` at a
    time, and gives its memory back when its process ends. Forked, not
    spawned: the children share the fonts and stylesheets parsed here, and
    django-q2's daemonic workers may not start multiprocessing children.

    The template receives `part` (`first`, `last`, and `numbered`, False: no
    page footers). Once the total is known, a last short pass with
    `footer_pages` renders blank pages bearing only the footers, which are
    laid over the joined pages, so "page X of Y" is right across the parts.
    """
    rows = context[rows_key]
    bounds = list(itertools.pairwise([*starts, len(rows)]))
    _stylesheets_for(template_name)
    parts = [
        {
            **context,
            rows_key: rows[start:end],
            "part": {
                "first": index == 0,
                "last": index == len(bounds) - 1,
                "numbered": False,
            },
        }
        for index, (start, end) in enumerate(bounds)
    ]
    contents = _render_in_children(template_name, parts, processes)

    joined = pikepdf.new()
    for content in contents:
        joined.pages.extend(pikepdf.open(io.BytesIO(content)).pages)
    total = len(joined.pages)

    footers = pikepdf.open(
        io.BytesIO(render_pdf(template_name, {"footer_pages": range(total)}).content)
    )
    if len(footers.pages) != total:
        raise RuntimeError(f"{len(footers.pages)} page footers for {total} pages")
    for page, footer in zip(joined.pages, footers.pages, strict=True):
        page.add_overlay(joined.copy_foreign(footer.as_form_xobject()))

    output = io.BytesIO()
    joined.save(output)
    return RenderedPdf(content=output.getvalue(), page_count=total)


def _render_in_children(template_name, contexts, processes):
    """The PDF of each context, rendered in at most `processes` forked children."""
    pending = list(enumerate(contexts))
    running = {}
    results = [None] * len(contexts)
    try:
        while pending or running:
            while pending and len(running) < max(processes, 1):
                index, context = pending.pop(0)
                # Closed once the child has ended, below or in `finally`.
                output = tempfile.TemporaryFile()  # noqa: SIM115
                running[_fork_render(template_name, context, output)] = (index, output)

            finished = _reap(running)
            if not finished:
                time.sleep(0.01)
            for pid, status in finished:
                index, output = running.pop(pid)
                with output:
                    output.seek(0)
                    message = output.read()
                if status or not message.startswith(b"+"):
                    detail = message[1:].decode(errors="replace") or f"status {status}"
                    raise RuntimeError(f"PDF part {index} failed: {detail}")
                results[index] = message[1:]
    finally:
        # After a failure, stop the other parts: the render as a whole failed.
        for pid, (_, output) in running.items():
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            output.close()
    return results


def _reap(running):
    """(pid, exit status) of the children in `running` that have ended."""
    finished = []
    for pid in running:
        ended, status = os.waitpid(pid, os.WNOHANG)
        if ended:
            finished.append((pid, os.waitstatus_to_exitcode(status)))
    return finished


def _fork_render(template_name, context, output):
    """Render in a child process that writes "+" and the PDF, or "!" and why."""
    pid = os.fork()
    if pid:
        return pid

    # Only os._exit() leaves the child, so that nothing of the parent's (open
    # database connections, temporary files, test fixtures) is closed twice.
    status = 1
    try:
        try:
            # The document stays referenced until os._exit(): freeing its
            # boxes one by one would take a tenth of the part's time, and the
            # process's end frees them all at once.
            document, content = _render(template_name, context)
            message = b"+" + content
        except Exception as exception:
            message = b"!" + repr(exception).encode()
        output.write(message)
        output.flush()
        status = 0
    finally:
        os._exit(status)
