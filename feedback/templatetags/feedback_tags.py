"""Template helpers: bilingual content in the active language, suppressed cells, percentages, bars."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

# the mark of a withheld figure: the same for a small cell and for one hidden with it (never "<N",
# which would be false for the latter)
HIDDEN_MARK = "×"

register = template.Library()


def _english() -> bool:
    return (get_language() or "ka").startswith("en")


@register.filter
def tr(obj, field: str) -> str:
    """``obj|tr:"title"`` -> obj.title_en in English (when set), else obj.title_ka. Works on dicts too."""

    def get(name):
        return obj.get(name, "") if isinstance(obj, dict) else getattr(obj, name, "")

    if _english():
        value = get(f"{field}_en") or (get("en") if field == "" else "")
        if value:
            return value
    return get(f"{field}_ka") or get(field) or (get("ka") if isinstance(obj, dict) else "")


@register.filter
def choice_label(choice: dict) -> str:
    return (choice.get("en") if _english() and choice.get("en") else choice.get("ka")) or choice.get(
        "code", ""
    )


@register.filter
def cell(value, threshold=None) -> str:
    """A published figure: None means withheld, shown as the neutral mark explained in the legend."""
    return HIDDEN_MARK if value is None else value


def hidden_legend(threshold) -> str:
    return _(
        "hidden to protect privacy: fewer than %(threshold)s, or a figure from which such a number could be "
        "worked out"
    ) % {"threshold": threshold}


@register.inclusion_tag("feedback/_hidden_legend.html")
def hidden_cells_legend(threshold):
    """The legend under each published table: what the mark of a withheld figure means."""
    return {"mark": HIDDEN_MARK, "text": hidden_legend(threshold)}


@register.filter
def cell_label(value) -> str:
    """A figure for screen readers (aria-label): "hidden" rather than the mark."""
    return _("hidden") if value is None else value


@register.filter
def may_open(user, page: str) -> bool:
    """``user|may_open:"comments"``: whether the user's roles let them open that staff page."""
    from ..views.common import may_open as _may_open

    return _may_open(user, page)


# "on Monday" (Georgian: ორშაბათს), by ISO weekday number as the settings store them
ON_WEEKDAY = {
    1: pgettext_lazy("on weekday", "Monday"),
    2: pgettext_lazy("on weekday", "Tuesday"),
    3: pgettext_lazy("on weekday", "Wednesday"),
    4: pgettext_lazy("on weekday", "Thursday"),
    5: pgettext_lazy("on weekday", "Friday"),
    6: pgettext_lazy("on weekday", "Saturday"),
    7: pgettext_lazy("on weekday", "Sunday"),
}


@register.filter
def weekday_names(numbers) -> str:
    """``"1,4"`` (or ``{1, 4}``) -> "Monday, Thursday" / "ორშაბათს, ხუთშაბათს"."""
    if isinstance(numbers, str):
        numbers = [int(d) for d in numbers.split(",") if d.strip().isdigit()]
    return ", ".join(str(ON_WEEKDAY[d]) for d in sorted(set(numbers)) if d in ON_WEEKDAY)


@register.filter
def pct(value) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f}%".replace(".0%", "%")


@register.filter
def share(part, whole) -> int:
    try:
        return round(100 * (part or 0) / whole) if whole else 0
    except TypeError:
        return 0


@register.filter
def get_item(mapping, key):
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def registry_change_lines(event) -> list[str]:
    """A registry row's history event, one readable line per changed field (as an application's)."""
    from programmes.templatetags.programmes_history import describe_changes

    from ..models import RegistryComment

    return describe_changes(RegistryComment, event.changes)
