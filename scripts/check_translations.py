"""Fails when a translation drops, renames or adds a placeholder.

Checks every catalogue under `locale/`: for each translated entry, the
placeholders of the `msgstr` (and of each plural form) must be exactly those
of the `msgid`. A translation that loses `%(count)s` would show a wrong
sentence; one that invents `%(name)s` would crash the page that renders it.
"""

import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

# %(name)s, %s, %d, %.1f and friends; {name} and {0} for str.format strings.
PRINTF = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGcu%]")
BRACES = re.compile(r"\{[A-Za-z_0-9.]*\}")


def placeholders(text, entry):
    found = Counter(m for m in PRINTF.findall(text) if m != "%%")
    if "python-brace-format" in entry.flags:
        found.update(BRACES.findall(text))
    return found


def problems_in(path):
    catalogue = polib.pofile(str(path))
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if index == "0" else entry.msgid_plural, text)
                for index, text in sorted(entry.msgstr_plural.items())
            ]
            # Languages with one plural form (Chinese, Uyghur) use the plural
            # msgid's placeholders for every count.
            if len(pairs) == 1:
                pairs = [(entry.msgid_plural, pairs[0][1])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]

        for source, translation in pairs:
            expected = placeholders(source, entry)
            actual = placeholders(translation, entry)
            if expected != actual:
                yield (
                    f"{path.relative_to(ROOT)}:{entry.linenum}: {entry.msgid!r}\n"
                    f"    expects {sorted(expected.elements())}, "
                    f"translation has {sorted(actual.elements())}"
                )


def main():
    catalogues = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))
    if not catalogues:
        print("No catalogues found under locale/: nothing was checked.")
        return 1
    problems = [problem for path in catalogues for problem in problems_in(path)]
    for problem in problems:
        print(problem)
    print(
        f"{len(catalogues)} catalogues checked, {len(problems)} placeholder problem(s)."
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
