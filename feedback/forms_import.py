"""Forms of the CSV import pages: the one-step import with a JSON mapping, and the mapping builder's steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .csv_import import DAY_FIRST, MAX_MAPPING_BYTES, MONTH_FIRST, too_large
from .models import Form

DATE_ORDER_CHOICES = [
    ("", _("decide from the file")),
    (DAY_FIRST, _("day first (31/12/2025)")),
    (MONTH_FIRST, _("month first (12/31/2025)")),
]


def _fits(upload, limit: int | None = None):
    message = too_large(upload.size, limit=limit)
    if message:
        raise forms.ValidationError(message)
    return upload


class CsvImportForm(forms.Form):
    form = forms.ModelChoiceField(label=_("form"), queryset=Form.objects.all())
    mapping = forms.FileField(label=_("column mapping (JSON)"))
    file = forms.FileField(label=_("Google Forms export (CSV)"))
    date_order = forms.ChoiceField(
        label=_("dates such as 03/09/2025 are"), choices=DATE_ORDER_CHOICES, required=False
    )

    def clean_mapping(self):
        return _fits(self.cleaned_data["mapping"], MAX_MAPPING_BYTES)

    def clean_file(self):
        return _fits(self.cleaned_data["file"])
