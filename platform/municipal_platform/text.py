"""Text that people type and others read: no control characters.

A name with a control character (a terminal escape, a NUL, a right-to-left override) is shown to
citizens on public pages and in exported files, where it can garble or disguise what is around it.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Formatting characters that reorder or hide text (bidirectional overrides and isolates).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line breaks and tabs are text in a field of several lines (an eligibility rule, a resolution).
_LINE_CONTROLS = frozenset("\n\r\t")


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    for char in value:
        if multiline and char in _LINE_CONTROLS:
            continue
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            return True
    return False


def check_plain_text(values: dict[str, object], *, multiline: tuple[str, ...] = ()) -> None:
    """Raise ValidationError naming each field whose text holds a control character."""
    errors = {
        name: _("Remove the control characters from this text.")
        for name, value in values.items()
        if isinstance(value, str) and has_control_characters(value, multiline=name in multiline)
    }
    if errors:
        raise ValidationError(errors)
