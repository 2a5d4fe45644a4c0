"""Georgian text fixes for Django.

Georgian (Mkhedruli) has no capital letters in running text. Python maps each Mkhedruli letter to
its Mtavruli form under str.upper() (Unicode 11), so Django's `capfirst`, which it applies to every
form label made from a model field's verbose name, turns "პირადი ნომერი" into "Პირადი ნომერი" —
a letter of another script to a reader. `install()` makes capfirst leave Georgian alone, everywhere
Django uses it (the utility, the names modules imported, and the template filter).
"""

from __future__ import annotations

import sys

from django.utils.functional import keep_lazy_text

MKHEDRULI = ("\u10d0", "\u10ff")


def is_georgian_letter(char: str) -> bool:
    return MKHEDRULI[0] <= char <= MKHEDRULI[1]


@keep_lazy_text
def capfirst(x):
    """Django's capfirst, except that Georgian text keeps its first letter as written."""
    if not x:
        return x
    x = str(x)
    if is_georgian_letter(x[0]):
        return x
    return x[0].upper() + x[1:]


def _capfirst_filter(value):
    return capfirst(value) if value else value


def install() -> None:
    import django.utils.text as text
    from django.template import defaultfilters

    original = text.capfirst
    if original is capfirst:
        return
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith("django") and getattr(module, "capfirst", None) is original:
            module.capfirst = capfirst
    text.capfirst = capfirst
    defaultfilters.register.filter("capfirst", _capfirst_filter, is_safe=True)
