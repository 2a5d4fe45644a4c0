"""Template helpers of the case pages: the head's count of unread notices for the section's menu, and a
history row's changes read as lines."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipal_platform.roles import Role, user_roles

from .. import selectors
from ..models import Assessment, Case, CaseChild, CaseEvent, Plan, Provision, Referral, Review
from ..services._case_helpers import SEALED

EMPTY = "—"

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many notices wait unread for the head of service (0 for anyone else, without a query)."""
    user = getattr(context.get("request"), "user", None)
    if Role.HEAD_OF_SERVICE not in user_roles(user):
        return 0
    return selectors.unread_notifications_count(user)


# keys whose list is a list of things (items, members), not an old and a new value
LIST_KEYS = frozenset({"items", "members", "children", "actions", "cases", "case_ids"})
LABELLED = (Case, CaseChild, Assessment, Review, Plan, Provision, Referral)


# which record a history action is about: its fields are looked up first (both a referral and a case
# have a "reason"; an assessment and a referral a "kind")
ACTION_MODELS = {
    "closed": Case,
    "reopened": Case,
    "transferred": Case,
    "child_added": CaseChild,
    "assessed": Assessment,
    "reviewed": Review,
    "plan_written": Plan,
    "plan_approved": Plan,
    "provision": Provision,
    "referral": Referral,
    "referral_status": Referral,
    "violence": Referral,
}
# keys a service writes under a shorter name than its field's
ALIASES = {("closed", "reason"): "close_reason"}


def _field(key: str, action: str = ""):
    """The case models' field named ``key`` (None for a reverse relation or an unknown key), looked up
    first on the record ``action`` is about."""
    key = ALIASES.get((action, key), key)
    first = ACTION_MODELS.get(action)
    for model in ((first,) if first else ()) + LABELLED:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if hasattr(field, "verbose_name"):  # a reverse relation ("children", "items") has none
            return field
    return None


def _label(key: str, action: str = "") -> str:
    """The key's field name in the reader's language where a case model has the field."""
    field = _field(key, action)
    return str(field.verbose_name) if field is not None else key.replace("_", " ")


def _shown(value, key: str = "", action: str = "") -> str:
    """A stored value as the reader knows it: a choice by its label ("goals_met" -> "The plan's goals
    are met"), yes or no, else as stored."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = _field(key, action) if key else None
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


@register.filter
def change_lines(changes, action: str = "") -> list[str]:
    """A history row's stored changes as lines: "status: intake → assessment", "items: a, b"."""
    if not isinstance(changes, dict):
        return []
    lines = []
    for key, value in changes.items():
        if key == SEALED and isinstance(value, list):
            # the texts themselves are sealed in their records (shown above on the case page)
            names = ", ".join(_label(name) for name in value)
            lines.append(
                _("written (special-category, not kept in the history): %(fields)s") % {"fields": names}
            )
            continue
        if isinstance(value, list) and key not in LIST_KEYS and len(value) == 2:
            text = f"{_shown(value[0], key, action)} → {_shown(value[1], key, action)}"
        elif isinstance(value, list):
            text = ", ".join(_shown(v, key, action) for v in value)
        else:
            text = _shown(value, key, action)
        lines.append(f"{_label(key, action)}: {text}")
    return lines


# -- the audit trail's "what": the page, endpoint or change by name, in the reader's language ------------

READ_LABELS = {
    "case_detail": gettext_lazy("the case page"),
    "assessment_new": gettext_lazy("the assessment form"),
    "review_new": gettext_lazy("the review form"),
    "plan_new": gettext_lazy("the plan form"),
    "provision_new": gettext_lazy("the aid form"),
    "referral_new": gettext_lazy("the referral form"),
    "case_close": gettext_lazy("the closing form"),
    "case_reopen": gettext_lazy("the reopening form"),
    "case_transfer": gettext_lazy("the transfer form"),
    "assessments": gettext_lazy("assessments"),
    "reviews": gettext_lazy("reviews"),
    "plans": gettext_lazy("plans"),
    "provisions": gettext_lazy("aid"),
    "referrals": gettext_lazy("referrals"),
}
CHANGE_LABELS = {
    "case_open": CaseEvent.Action.OPENED.label,
    "case_update": CaseEvent.Action.UPDATED.label,
    "child_add": CaseEvent.Action.CHILD_ADDED.label,
    "case_transfer": CaseEvent.Action.TRANSFERRED.label,
    "assessment_record": CaseEvent.Action.ASSESSED.label,
    "review_record": CaseEvent.Action.REVIEWED.label,
    "plan_write": CaseEvent.Action.PLAN_WRITTEN.label,
    "plan_approve": CaseEvent.Action.PLAN_APPROVED.label,
    "plan_action_done": CaseEvent.Action.ACTION_DONE.label,
    "provision_record": CaseEvent.Action.PROVISION.label,
    "referral_create": CaseEvent.Action.REFERRAL.label,
    "referral_status": CaseEvent.Action.REFERRAL_STATUS.label,
    "referral_attendance": CaseEvent.Action.REFERRAL_STATUS.label,
    "case_close": CaseEvent.Action.CLOSED.label,
    "case_reopen": CaseEvent.Action.REOPENED.label,
    "meeting_set_agenda": gettext_lazy("Put on a commission meeting's agenda"),
}


@register.filter
def audit_what(code: str) -> str:
    """An audit row's ``what`` as the head of service reads it: "page:case_detail" -> "page: the case
    page", "api:referrals" -> "API: referrals", "plan_approve" -> "Plan approved"; an unknown code as
    stored (the trail keeps whatever was written)."""
    channel, _sep, name = (code or "").partition(":")
    if _sep and channel in ("page", "api"):
        label = READ_LABELS.get(name, name)
        if channel == "page":
            return _("page: %(name)s") % {"name": label}
        return _("API: %(name)s") % {"name": label}
    return str(CHANGE_LABELS.get(code, code))
