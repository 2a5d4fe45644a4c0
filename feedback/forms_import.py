"""Forms of the CSV import pages: the one-step import with a JSON mapping, and the mapping builder's steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import csv_mapping
from .csv_import import DAY_FIRST, MAX_MAPPING_BYTES, MONTH_FIRST, too_large
from .models import Form, ImportMapping, Question
from .services.common import NOT_SURE

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


class MappingUploadForm(forms.Form):
    """The builder's first step: the file, its form, and a saved mapping to start from."""

    form = forms.ModelChoiceField(label=_("form"), queryset=Form.objects.all())
    file = forms.FileField(label=_("Google Forms export (CSV)"))
    saved = forms.ModelChoiceField(
        label=_("start from a saved mapping"), queryset=ImportMapping.objects.none(), required=False
    )

    def __init__(self, *args, mappings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mappings is not None:
            self.fields["saved"].queryset = mappings

    def clean_file(self):
        return _fits(self.cleaned_data["file"])

    def clean(self):
        cleaned = super().clean()
        saved, form = cleaned.get("saved"), cleaned.get("form")
        if saved and form and saved.form_id != form.pk:
            self.add_error("saved", _("This mapping is for another form."))
        return cleaned


def _target_choices(questions) -> list[tuple[str, str]]:
    return [
        ("", _("— choose —")),
        (csv_mapping.IGNORE, _("ignore this column")),
        ("timestamp", _("timestamp")),
        ("service", _("service")),
        ("sex", _("sex")),
        ("age_band", _("age band")),
        ("channel", _("channel")),
    ] + [(csv_mapping.QUESTION_PREFIX + q.code, f"{q.code}: {q.text_ka}") for q in questions]


class MappingForm(forms.Form):
    """The builder's second step: each column's target (``col_<n>``), the file's date order, the texts of a
    choice question's column that match no choice (``val_<n>_<m>``) and the name to save the mapping by.

    ``targets`` are the columns' targets before this request (a saved mapping's or the first guesses);
    the answer questions are asked for the targets posted, so choosing a question shows its answers."""

    date_order = forms.ChoiceField(
        label=_("dates such as 03/09/2025 are"), choices=DATE_ORDER_CHOICES, required=False
    )
    name = forms.CharField(label=_("save the mapping as"), max_length=100, required=False)

    def __init__(
        self, data=None, *, headers, questions, text, targets, values, initial_order="", services=()
    ):
        super().__init__(data, initial={"date_order": initial_order})
        self.headers = headers
        self.questions = {q.code: q for q in questions}
        choices = _target_choices(questions)
        self.column_fields = []
        for n, header in enumerate(headers):
            name = f"col_{n}"
            self.fields[name] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=targets.get(header, "")
            )
            self.column_fields.append(name)
        posted = {
            header: (data.get(f"col_{n}", "") if data is not None else targets.get(header, ""))
            for n, header in enumerate(headers)
        }
        self.values: dict[str, dict[str, str]] = {}
        self.answer_fields: list[tuple[str, list[str]]] = []  # (header, its answer fields)
        for n, header in enumerate(headers):
            target = posted.get(header, "")
            question = self.questions.get(target[len(csv_mapping.QUESTION_PREFIX) :])
            if target == "service":  # the names of the catalogue's services, or "not sure"
                kind = Question.Kind.SINGLE
                offered: list[dict] | None = [
                    *services,
                    {"code": NOT_SURE, "ka": _("not sure which service"), "en": NOT_SURE},
                ]
            elif target.startswith(csv_mapping.QUESTION_PREFIX) and question is not None:
                kind = question.kind
                offered = csv_mapping.answer_choices(question.kind, question.choices)
            else:
                continue
            if offered is None:
                continue
            known = values.get(header, {})
            table: dict[str, str] = {}
            asked = []
            for m, answer in enumerate(csv_mapping.column_answers(text, header, kind)):
                code = csv_mapping.match_choice(answer, offered)
                if code is not None:
                    if code != answer:
                        table[answer] = code
                    continue
                name = f"val_{n}_{m}"
                self.fields[name] = forms.ChoiceField(
                    label=answer,
                    required=False,
                    initial=known.get(answer, ""),
                    choices=[("", _("— choose —"))]
                    + [(c["code"], c.get("ka") or c["code"]) for c in offered],
                )
                asked.append(name)
            self.values[header] = table
            if asked:
                self.answer_fields.append((header, asked))

    def clean(self):
        cleaned = super().clean()
        for name in self.column_fields:
            if not cleaned.get(name):
                self.add_error(name, _("Choose what this column holds, or ignore it."))
        for header, names in self.answer_fields:
            for name in names:
                if cleaned.get(name):
                    self.values[header][self.fields[name].label] = cleaned[name]
                else:
                    self.add_error(name, _("Choose the answer this text means."))
        return cleaned

    def mapping(self) -> dict:
        """The JSON mapping the officer's choices make (after is_valid)."""
        targets = {header: self.cleaned_data[f"col_{n}"] for n, header in enumerate(self.headers)}
        return csv_mapping.build_mapping(targets, self.values, self.cleaned_data.get("date_order") or None)

    def column_rows(self):
        return [self[name] for name in self.column_fields]

    def answer_rows(self):
        return [(header, [self[name] for name in names]) for header, names in self.answer_fields]
