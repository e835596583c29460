"""Build the pre-subset CJK fonts the PDF stylesheets load first.

Noto Serif CJK SC holds 65,535 glyphs in a 26 MB collection; WeasyPrint
copies a font whole into each document it writes before subsetting it, and
doing that from the full face is what made a roster slow. Two cuts of the
face are built once here, each as its own family:

- "Filing Serif SC": GB2312, ASCII, CJK punctuation and the characters of
  our PDF templates, which nearly every document needs (2 MB);
- "Filing Serif SC Extension": every other ideograph the face maps, for the
  rare name characters GB2312 lacks (8 MB).

The stylesheets list the full system face after both, for what neither holds.
"""

import hashlib
import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from filing.pdf import (
    EXTENSION_FONT_FAMILY,
    SUBSET_FONT_FAMILY,
    asset_dir,
    built_font_paths,
)

logger = logging.getLogger(__name__)

SYSTEM_FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
SOURCE_FAMILY = "Noto Serif CJK SC"
SOURCE_FILES = {
    "regular": "NotoSerifCJK-Regular.ttc",
    "bold": "NotoSerifCJK-Bold.ttc",
}
STYLE_NAMES = {"regular": "Regular", "bold": "Bold"}
MANIFEST_NAME = "fonts.json"

# Beyond GB2312: ASCII, general punctuation (— “ ” …), CJK symbols and
# punctuation (、。〔〕「」), full-width forms (，：（）) and the middle dots
# that join the parts of Uyghur and other names written in Chinese.
EXTRA_RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2010, 0x203B),
    (0x3000, 0x303F),
    (0xFF01, 0xFF5E),
    (0xFFE0, 0xFFE6),
]
EXTRA_CHARACTERS = "\u00b7\u2022\u30fb\u2116"

# The extension holds the face's ideographs from these blocks: CJK Unified
# Ideographs, Extension A, the compatibility ideographs and Extensions B on.
IDEOGRAPH_RANGES = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
]


def gb2312_characters():
    """Every character the GB2312 code table defines, read from Python's codec."""
    characters = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def template_characters():
    """Non-ASCII characters written in the PDF templates and their stylesheets."""
    characters = set()
    for path in sorted(asset_dir().rglob("*")):
        if path.suffix in {".html", ".css", ".txt"}:
            characters.update(c for c in path.read_text("utf-8") if ord(c) > 0x7F)
    return characters


def subset_characters():
    characters = gb2312_characters() | template_characters()
    for first, last in EXTRA_RANGES:
        characters.update(chr(code) for code in range(first, last + 1))
    characters.update(EXTRA_CHARACTERS)
    return {c for c in characters if c.isprintable() or c == "\u3000"}


def extension_characters(font, common):
    """The ideographs `font` maps that are not among the `common` characters."""
    return {
        chr(code)
        for code in font.getBestCmap()
        if any(first <= code <= last for first, last in IDEOGRAPH_RANGES)
    } - common


def characters_digest(characters):
    return hashlib.sha256("".join(sorted(characters)).encode("utf-8")).hexdigest()


def find_source(weight):
    """The system TTC holding the weight, and the number of its SC face."""
    for font_dir in SYSTEM_FONT_DIRS:
        for path in sorted(font_dir.rglob(SOURCE_FILES[weight])):
            collection = TTCollection(str(path), lazy=True)
            for number, font in enumerate(collection.fonts):
                if font["name"].getDebugName(1) == SOURCE_FAMILY:
                    return path, number
    raise CommandError(
        f"{SOURCE_FILES[weight]} with the face {SOURCE_FAMILY!r} was not found "
        f"under {', '.join(map(str, SYSTEM_FONT_DIRS))}; install the Debian "
        "package fonts-noto-cjk."
    )


def rename(font, family, weight):
    """Give the subset its own family, so it never stands in for the full face.

    Fontconfig matches a font by the family names inside it: a subset still
    calling itself "Noto Serif CJK SC" could be picked for a rare character
    it does not hold. Copyright and licence records are kept, as the SIL Open
    Font License requires.
    """
    style = STYLE_NAMES[weight]
    postscript = f"{family.replace(' ', '')}-{style}"
    names = {
        1: family,
        2: style,
        3: f"{postscript};built by manage.py build_fonts",
        4: f"{family} {style}",
        6: postscript,
    }
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in {16, 17}]
    for name_id, value in names.items():
        table.removeNames(nameID=name_id)
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)

    cff = font["CFF "].cff
    cff.fontNames = [postscript]
    top = cff.topDictIndex[0]
    top.FullName = names[4]
    top.FamilyName = family


def build_subset(family, weight, source, number, common, target):
    """Write one cut of one weight; runs in a worker process.

    `common` are the characters of the "Filing Serif SC" cut; the extension
    takes the face's other ideographs.
    """
    font = TTFont(str(source), fontNumber=number)
    characters = {
        SUBSET_FONT_FAMILY: common,
        EXTENSION_FONT_FAMILY: extension_characters(font, common),
    }[family]
    options = subset.Options()
    # WeasyPrint drops GSUB and GPOS from what it embeds anyway; keeping the
    # layout features here only makes the subset larger and slower to load.
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(font)
    rename(font, family, weight)

    partial = target.with_suffix(".partial")
    font.save(str(partial))
    partial.replace(target)
    return str(target)


class Command(BaseCommand):
    help = (
        "Build the pre-subset Noto Serif CJK SC fonts for the PDFs into "
        "settings.PDF_FONT_DIR; does nothing when they are up to date."
    )
    # The system checks would only warn that the fonts this builds are missing.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rebuild even when up to date."
        )

    def handle(self, *args, force=False, **options):
        font_dir = Path(settings.PDF_FONT_DIR)
        font_dir.mkdir(parents=True, exist_ok=True)
        manifest_path = font_dir / MANIFEST_NAME
        manifest = self.read_manifest(manifest_path)
        characters = subset_characters()
        digest = characters_digest(characters)

        jobs = {}
        for (family, weight), target in built_font_paths().items():
            source, number = find_source(weight)
            if force or not self.is_current(target, source, manifest, digest):
                jobs[family, weight] = (source, number, target)
            elif options["verbosity"] > 1:
                self.stdout.write(f"{target} is up to date.")

        if not jobs:
            return

        verbose = options["verbosity"] > 0
        if verbose:
            self.stdout.write(
                f"Cutting {SOURCE_FAMILY} into "
                f"{', '.join(f'{family} {weight}' for family, weight in jobs)}; "
                "this takes a minute or two."
            )
        workers = min(len(jobs), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                key: pool.submit(build_subset, *key, source, number, characters, target)
                for key, (source, number, target) in jobs.items()
            }
            for key, future in futures.items():
                path = future.result()
                manifest[Path(path).name] = {
                    "source": str(jobs[key][0]),
                    "font_number": jobs[key][1],
                    "characters_sha256": digest,
                }
                if verbose:
                    self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))

        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))

    @staticmethod
    def read_manifest(path):
        try:
            return json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            return {}

    @staticmethod
    def is_current(target, source, manifest, digest):
        if not target.is_file() or target.stat().st_mtime <= source.stat().st_mtime:
            return False
        # A character added to a template needs a rebuild, too.
        return manifest.get(target.name, {}).get("characters_sha256") == digest
