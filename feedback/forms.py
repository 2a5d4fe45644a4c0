"""Input forms of the staff pages (validation and widgets only; writes go through services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.models import BudgetLine, Service

from .models import (
    FORM_SETTINGS,
    BoxBatch,
    CommentTheme,
    Decision,
    FeedbackSettings,
    Form,
    RegistryComment,
    Report,
    WorkingMeeting,
)

DATE = forms.DateInput(attrs={"type": "date"})


class BatchOpenForm(forms.ModelForm):
    class Meta:
        model = BoxBatch
        fields = (
            "form",
            "opened_on",
            "counted",
            "note",
        )
        widgets = {"opened_on": DATE}


class BatchCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing with a difference"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RegistryCommentForm(forms.ModelForm):
    class Meta:
        model = RegistryComment
        fields = (
            "received_on",
            "channel",
            "kind",
            "about",
            "text",
            "reply",
        )
        widgets = {
            "received_on": DATE,
            "text": forms.Textarea(attrs={"rows": 3}),
            "reply": forms.Textarea(attrs={"rows": 2}),
        }


class ReportCreateForm(forms.Form):
    """A new draft report. The period is given by its first and last day, both included (the report stores
    the day after the last: a ModelForm would check that stored form against the input)."""

    title = forms.CharField(label=_("title"), max_length=300)
    period_from = forms.DateField(label=_("first day of the period"), widget=DATE)
    period_to = forms.DateField(label=_("last day of the period (included)"), widget=DATE)
    findings = forms.CharField(
        label=_("main findings"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportEditForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = (
            "title",
            "findings",
        )
        widgets = {"findings": forms.Textarea(attrs={"rows": 6})}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = WorkingMeeting
        fields = (
            "held_on",
            "report",
            "participants",
            "agenda",
            "minutes",
        )
        widgets = {
            "held_on": DATE,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = (
            "change",
            "service",
            "budget_line",
            "responsible",
            "due_on",
        )
        widgets = {"change": forms.Textarea(attrs={"rows": 2}), "due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.select_related("programme").order_by(
            "-programme__year", "position"
        )
        self.fields["budget_line"].queryset = BudgetLine.objects.select_related("service").order_by(
            "-year", "service__position"
        )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FeedbackSettings
        fields = (
            "suppression_threshold",
            "invitation_weekdays",
            "invitation_valid_days",
            "reminder_after_days",
            "invitation_address_days",
            "invitation_token_days",
            "import_file_days",
            "batch_scan_days",
        )


class ThemeForm(forms.ModelForm):
    class Meta:
        model = CommentTheme
        fields = (
            "code",
            "name_ka",
            "name_en",
            "keywords",
            "position",
        )
        widgets = {"keywords": forms.Textarea(attrs={"rows": 3})}


class FormMetaForm(forms.ModelForm):
    class Meta:
        model = Form
        fields = FORM_SETTINGS  # exactly what form_update accepts
        widgets = {
            "intro_ka": forms.Textarea(attrs={"rows": 2}),
            "intro_en": forms.Textarea(attrs={"rows": 2}),
        }


class QuestionRowForm(forms.Form):
    """One question row of the form builder. Choices: one per line, ``code | Georgian | English``."""

    code = forms.SlugField(label=_("code"), max_length=40)
    kind = forms.ChoiceField(
        label=_("type"),
        choices=[
            ("scale", _("Scale 1-5")),
            ("yes_no", _("Yes / no")),
            ("single", _("Single choice")),
            ("multiple", _("Multiple choice")),
            ("text", _("Free text")),
        ],
    )
    text_ka = forms.CharField(label=_("question (Georgian)"), max_length=500)
    text_en = forms.CharField(label=_("question (English)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("required"), required=False)
    choices = forms.CharField(
        label=_("choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: code | Georgian | English"),
    )

    def has_changed(self) -> bool:
        # an empty extra row posts only the type select's first option: treat it as unused
        return bool(self.data.get(self.add_prefix("code")) or self.data.get(self.add_prefix("text_ka")))

    def clean_choices(self) -> list[dict]:
        out = []
        for line in self.cleaned_data["choices"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or not parts[0]:
                raise forms.ValidationError(_("Write each choice as: code | Georgian | English"))
            out.append({"code": parts[0], "ka": parts[1], "en": parts[2] if len(parts) > 2 else ""})
        return out

    @staticmethod
    def initial_from(question) -> dict:
        return {
            "code": question.code,
            "kind": question.kind,
            "text_ka": question.text_ka,
            "text_en": question.text_en,
            "required": question.required,
            "choices": "\n".join(
                f"{c['code']} | {c.get('ka', '')} | {c.get('en', '')}" for c in question.choices
            ),
        }


QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=2, can_delete=True)


class CsvImportForm(forms.Form):
    form = forms.ModelChoiceField(label=_("form"), queryset=Form.objects.all())
    mapping = forms.FileField(label=_("column mapping (JSON)"))
    file = forms.FileField(label=_("Google Forms export (CSV)"))

    def clean_mapping(self):
        from .csv_import import MAX_MAPPING_BYTES, too_large

        upload = self.cleaned_data["mapping"]
        message = too_large(upload.size, limit=MAX_MAPPING_BYTES)
        if message:
            raise forms.ValidationError(message)
        return upload

    def clean_file(self):
        from .csv_import import too_large

        upload = self.cleaned_data["file"]
        message = too_large(upload.size)
        if message:
            raise forms.ValidationError(message)
        return upload
