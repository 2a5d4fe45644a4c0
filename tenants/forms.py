"""Forms of the platform administrator's pages: input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MunicipalityCreateForm(forms.Form):
    slug = forms.CharField(
        label=_("slug"),
        max_length=40,
        help_text=_("The site's address: <slug>.<domain>. Lowercase Latin letters, digits and hyphens."),
    )
    name_ka = forms.CharField(label=_("name (Georgian)"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200)
    region = forms.CharField(label=_("region"), max_length=200, required=False)
    is_trial = forms.BooleanField(
        label=_("trial municipality (may be deleted later)"),
        required=False,
    )
    head_first_name = forms.CharField(label=_("head of service: first name"), max_length=150)
    head_last_name = forms.CharField(label=_("head of service: last name"), max_length=150)
    head_username = forms.CharField(label=_("head of service: username"), max_length=150, initial="head")
    head_email = forms.EmailField(
        label=_("head of service: e-mail"),
        help_text=_("An invitation to set a password is sent to this address."),
    )


class MunicipalityDeleteForm(forms.Form):
    confirm_slug = forms.CharField(
        label=_("type the municipality's slug to confirm"),
        max_length=40,
        required=False,  # the service refuses a missing or wrong confirmation with its own message
    )
