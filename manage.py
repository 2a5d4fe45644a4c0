#!/usr/bin/env python
"""Django's command-line utility for this platform."""

import os
import sys
from pathlib import Path


def main() -> None:
    # The project package lives in platform/ (not importable as `platform`, see DESIGN.md); an
    # editable install maps it, and this keeps a bare checkout working too.
    sys.path.insert(1, str(Path(__file__).resolve().parent / "platform"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipal_platform.settings")
    if sys.argv[1:2] in (["makemessages"], ["compilemessages"]):
        # Message catalogues sign nothing: they need no DJANGO_SECRET_KEY (the settings demand one
        # when DEBUG is off).
        os.environ.setdefault("DJANGO_SECRET_KEY", "message-catalogues-only-not-a-secret")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
