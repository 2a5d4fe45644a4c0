"""Template filters for published figures: a hidden cell (None) is marked instead of shown.

Every hidden cell carries the same neutral mark "×", whether it is below the threshold itself or hidden
so that it cannot be worked out from the others: "<5" on a complementary cell would state something false.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

HIDDEN_MARK = "×"


@register.filter
def figure(value, threshold):
    """A count, or the hidden mark where it is hidden (None)."""
    if value is None:
        return _hidden(threshold)
    return value


@register.filter
def money_figure(value, threshold=None):
    """An amount in GEL with two decimals, or the hidden mark where it is hidden (None)."""
    if value is None:
        return _hidden(threshold)
    return floatformat(value, 2)


@register.simple_tag
def hidden_legend(threshold) -> str:
    """The legend under a table with hidden cells: what the mark means."""
    return format_html('<span class="hidden-figure">{}</span> {}', HIDDEN_MARK, _hidden_title(threshold))


def _hidden(threshold) -> str:
    return format_html(
        '<abbr class="hidden-figure" title="{}">{}</abbr>', _hidden_title(threshold), HIDDEN_MARK
    )


def _hidden_title(threshold) -> str:
    return _(
        "hidden to protect privacy: fewer than %(threshold)s, or a figure from which such a number could be "
        "worked out"
    ) % {"threshold": threshold}
