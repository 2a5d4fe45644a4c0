"""Forms of the staff pages. They only shape input: the services check usernames, e-mails and roles
(so the page and the API refuse the same things with the same messages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from municipal_platform.roles import ROLE_LABELS

from . import services


def role_choices() -> list[tuple[str, Any]]:
    return [(str(role), ROLE_LABELS[role]) for role in services.side_roles()]


class _RolesField(forms.MultipleChoiceField):
    """Checkboxes of this side's roles; any name is passed on, so the service words the refusal."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value) -> bool:
        return True


class UserDetailsForm(forms.Form):
    # Not required here: the service refuses an empty value with a message that says what is missing.
    username = forms.CharField(label=_("username"), max_length=150, required=False)
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    email = forms.CharField(label=_("e-mail address"), max_length=254, required=False)
    position = forms.CharField(label=_("position"), max_length=200, required=False)


class InviteForm(UserDetailsForm):
    roles = _RolesField(label=_("roles"), required=False, choices=role_choices)  # the side's, per request


class UserEditForm(UserDetailsForm):
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    roles = _RolesField(label=_("roles"), required=False, choices=role_choices)  # the side's, per request
