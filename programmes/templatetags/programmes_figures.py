"""Template filters for published figures: a hidden cell (None) is marked instead of shown."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(value, threshold):
    """A count, or "<threshold" where it is hidden (None)."""
    if value is None:
        return format_html(
            '<abbr class="hidden-figure" title="{}">&lt;{}</abbr>', _hidden_title(threshold), threshold
        )
    return value


@register.filter
def money_figure(value, threshold=None):
    """An amount in GEL with two decimals, or a dash where it is hidden (None)."""
    if value is None:
        return format_html('<abbr class="hidden-figure" title="{}">—</abbr>', _hidden_title(threshold))
    return floatformat(value, 2)


def _hidden_title(threshold) -> str:
    return _(
        "Hidden so that nobody can be recognised: fewer than %(threshold)s, or a figure from which such a "
        "number could be worked out."
    ) % {"threshold": threshold}
