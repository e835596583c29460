#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # `site/` is a source root (see pyproject.toml), not an importable package.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
