"""HTML forms of the child and family case pages. They only shape input; the rules live in services/."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from municipal_platform.accounts.models import User
from programmes.models import BudgetLine, Consent, Household, Person, personal_number_validator

from .models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseChild,
    Plan,
    Provision,
    Referral,
    Review,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class RowForm(forms.Form):
    """A row of a table of rows (children, members, actions, items): its inputs sit under the column's
    heading, so each carries its label for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


# --- the list's filter --------------------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    """The head's filter of the case list (a worker sees only their own cases, so has none)."""

    worker = UserChoiceField(
        label=_("Social worker"), queryset=User.objects.none(), required=False, empty_label=_("All workers")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers if workers is not None else User.objects.none()
        self.fields["status"].choices = [("", _("All open cases")), *Case.Status.choices]


# --- opening a case -----------------------------------------------------------------------------------


class CaseOpenForm(forms.Form):
    household_of = forms.CharField(
        label=_("personal number of a household member already in the register"),
        max_length=11,
        required=False,
        validators=[personal_number_validator],
        help_text=_("Leave empty to register a new household with the settlement and address below."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    settlement = forms.CharField(label=_("settlement"), max_length=200, required=False)
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    source = forms.ChoiceField(label=_("how the case came"), choices=[("", "—"), *Case.Source.choices])
    source_detail = forms.CharField(label=_("source details"), max_length=300, required=False)
    opened_on = forms.DateField(label=_("opened on"), widget=DateInput())
    assigned_worker = UserChoiceField(
        label=_("social worker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is None:  # a social worker opens cases for themself
            del self.fields["assigned_worker"]
        else:
            self.fields["assigned_worker"].queryset = workers
        self.household: Household | None = None

    def clean(self):
        data = super().clean()
        number = data.get("household_of")
        if number:
            person = Person.objects.select_related("household").filter(personal_number=number).first()
            if person is None or person.household is None:
                self.add_error(
                    "household_of", _("Nobody with this personal number has a household in the register.")
                )
            else:
                self.household = person.household
        elif not data.get("settlement") and not self.errors.get("household_of"):
            self.add_error(
                "settlement", _("Give the family's settlement, or a household member's personal number.")
            )
        return data


class ChildForm(RowForm):
    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    personal_number = forms.CharField(
        label=_("personal number"),
        max_length=11,
        validators=[personal_number_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("date of birth"), widget=DateInput())
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "—"), *Person.Sex.choices])
    disability = forms.ChoiceField(
        label=_("disability status"), choices=CaseChild.Disability.choices, initial=CaseChild.Disability.NONE
    )
    autism_diagnosis = forms.BooleanField(label=_("autism spectrum diagnosis"), required=False)
    orphan = forms.ChoiceField(label=_("orphan status"), choices=CaseChild.Orphan.choices)
    schooling = forms.ChoiceField(
        label=_("kindergarten or school"), choices=[("", "—"), *CaseChild.Schooling.choices]
    )
    institution = forms.CharField(
        label=_("name of the kindergarten or school"), max_length=200, required=False
    )

    def has_changed(self) -> bool:
        # a row with nothing typed is a blank row, whatever its preset choices say
        typed = ("first_name", "last_name", "personal_number", "birth_date")
        return any(self[name].value() for name in typed)


ChildFormSet = forms.formset_factory(ChildForm, extra=3, max_num=12)


def child_rows(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


# --- assessment ---------------------------------------------------------------------------------------


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"), choices=Assessment.Kind.choices, initial=Assessment.Kind.ASSESSMENT
    )
    assessed_on = forms.DateField(label=_("assessed on"), widget=DateInput())
    findings = forms.CharField(label=_("findings"), widget=_text(5))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for domain, label in AssessmentNeed.Domain.choices:
            self.fields[f"severity_{domain}"] = forms.TypedChoiceField(
                label=label,
                choices=[("", "—"), *AssessmentNeed.Severity.choices],
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"note_{domain}"] = forms.CharField(
                label=_("note: %(domain)s") % {"domain": label},
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs={"aria-label": _("note: %(domain)s") % {"domain": label}}),
            )

    def domain_rows(self):
        return [
            (label, self[f"severity_{domain}"], self[f"note_{domain}"])
            for domain, label in AssessmentNeed.Domain.choices
        ]

    def needs(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            domain: {"severity": data[f"severity_{domain}"], "note": data.get(f"note_{domain}", "")}
            for domain, _label in AssessmentNeed.Domain.choices
            if data.get(f"severity_{domain}") is not None
        }


# --- review -------------------------------------------------------------------------------------------


class ReviewForm(forms.Form):
    assessment = forms.ModelChoiceField(label=_("assessment reviewed"), queryset=Assessment.objects.none())
    held_on = forms.DateField(label=_("held on"), widget=DateInput())
    conclusion = forms.CharField(label=_("conclusion"), widget=_text(5))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = case.assessments.all()


class ReviewMemberForm(RowForm):
    user = UserChoiceField(
        label=_("staff member"), queryset=User.objects.none(), required=False, empty_label=_("Not staff")
    )
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    role = forms.CharField(label=_("role"), max_length=200)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff if staff is not None else User.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("user") and not data.get("name"):
            data["name"] = data["user"].get_full_name() or data["user"].username
        if not data.get("user") and not data.get("name"):
            self.add_error("name", _("Name the member, or pick a staff member."))
        return data


ReviewMemberFormSet = forms.formset_factory(ReviewMemberForm, extra=4, max_num=15)


def filled_rows(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


# --- plan ---------------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    review = forms.ModelChoiceField(label=_("review the plan comes from"), queryset=Review.objects.none())
    term = forms.ChoiceField(label=_("term"), choices=Plan.Term.choices)
    goals = forms.CharField(label=_("goals"), widget=_text(5), required=False)
    next_review_on = forms.DateField(label=_("next review"), widget=DateInput())

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = case.reviews.all()


class PlanActionForm(RowForm):
    what = forms.CharField(label=_("action"), max_length=500)
    responsible = forms.CharField(label=_("who is responsible"), max_length=200)
    due_on = forms.DateField(label=_("due"), widget=DateInput())


PlanActionFormSet = forms.formset_factory(PlanActionForm, extra=3, max_num=30)


# --- close, reopen, transfer --------------------------------------------------------------------------


class CaseCloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason for closing"), choices=[("", "—"), *Case.CloseReason.choices])
    closed_on = forms.DateField(label=_("closed on"), widget=DateInput())
    note = forms.CharField(label=_("closing note"), widget=_text(3), required=False)


class CaseReopenForm(forms.Form):
    reason = forms.CharField(label=_("reason for reopening"), widget=_text(3))


class CaseTransferForm(forms.Form):
    worker = UserChoiceField(label=_("new social worker"), queryset=User.objects.none())
    reason = forms.CharField(label=_("reason"), widget=_text(3))

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


# --- aid ----------------------------------------------------------------------------------------------


class BudgetLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetLine) -> str:
        return f"{obj.service.name} · {obj.year}"


class ProvisionForm(forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=[("", "—"), *Provision.Category.choices])
    budget_line = BudgetLineChoiceField(label=_("budget line"), queryset=BudgetLine.objects.none())
    delivered_on = forms.DateField(label=_("delivered on"), widget=DateInput())
    handed_over_by = forms.CharField(label=_("handed over by"), max_length=200)
    received_by = forms.CharField(label=_("received by"), max_length=200)

    def __init__(self, *args, budget_lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = budget_lines


class ProvisionItemForm(RowForm):
    name = forms.CharField(label=_("item"), max_length=200)
    quantity = forms.DecimalField(label=_("quantity"), max_digits=10, decimal_places=2)
    unit_value = forms.DecimalField(label=_("unit value, GEL"), max_digits=12, decimal_places=2)


ProvisionItemFormSet = forms.formset_factory(ProvisionItemForm, extra=4, max_num=40)


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Consent) -> str:
        person = obj.person
        return (
            f"{person.first_name} {person.last_name} · {obj.get_purpose_display()} · {obj.given_on:%Y-%m-%d}"
        )


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *Referral.Kind.choices])
    direction = forms.ChoiceField(
        label=_("direction"), choices=Referral.Direction.choices, initial=Referral.Direction.OUTGOING
    )
    child = forms.ModelChoiceField(
        label=_("child"), queryset=CaseChild.objects.none(), required=False, empty_label=_("The whole family")
    )
    target = forms.CharField(label=_("referred to"), max_length=300, required=False)
    referred_on = forms.DateField(label=_("referred on"), widget=DateInput())
    reason = forms.CharField(label=_("reason for the referral"), widget=_text(3), required=False)
    is_violence = forms.BooleanField(
        label=_("violence against the child or in the family"),
        required=False,
        help_text=_(
            "Reported to the police or the agency by law, without the guardian's consent. The case becomes "
            "restricted for good: only its social worker and the head of service read it, the commission "
            "never again. The head of service is notified at once."
        ),
    )
    consent = ConsentChoiceField(
        label=_("guardian's consent"),
        queryset=Consent.objects.none(),
        required=False,
        empty_label=_("No consent on record"),
        help_text=_("An outside service needs the guardian's consent for referrals."),
    )
    override_reason = forms.CharField(
        label=_("reason for referring without consent (head of service)"), widget=_text(2), required=False
    )
    budget_line = BudgetLineChoiceField(
        label=_("budget line"), queryset=BudgetLine.objects.none(), required=False
    )
    monthly_cost = forms.DecimalField(
        label=_("monthly cost, GEL"), max_digits=12, decimal_places=2, required=False, min_value=Decimal(0)
    )
    months = forms.IntegerField(label=_("months"), required=False, min_value=1, max_value=120)
    trips = forms.IntegerField(label=_("trips"), required=False, min_value=1, max_value=1000)
    amount = forms.DecimalField(
        label=_("amount, GEL"), max_digits=12, decimal_places=2, required=False, min_value=Decimal(0)
    )
    capacity = forms.IntegerField(label=_("centre capacity"), required=False, min_value=1, max_value=10000)
    enrolled_on = forms.DateField(label=_("enrolled on"), required=False, widget=DateInput())

    # the fields each internal kind asks for (the page shows them for that kind)
    KIND_FIELDS = {
        Referral.Kind.AUTISM_THERAPY: ("budget_line", "monthly_cost", "months"),
        Referral.Kind.EARLY_DEVELOPMENT: ("budget_line", "trips", "amount"),
        Referral.Kind.INCLUSIVE_CENTRE: ("budget_line", "capacity", "enrolled_on"),
        Referral.Kind.REHABILITATION: ("budget_line", "amount"),
    }

    def __init__(self, *args, case: Case, consents, budget_lines, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = case.children.select_related("person")
        self.fields["child"].label_from_instance = lambda c: f"{c.person.first_name} {c.person.last_name}"
        self.fields["consent"].queryset = consents
        self.fields["budget_line"].queryset = budget_lines
        if not may_override:
            del self.fields["override_reason"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        child = data.pop("child")
        consent = data.pop("consent")
        line = data.pop("budget_line")
        data["child_id"] = child.pk if child else None
        data["consent_id"] = consent.pk if consent else None
        data["budget_line_id"] = line.pk if line else None
        data.setdefault("override_reason", "")
        return data


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=Referral.Status.choices)
    reason = forms.CharField(label=_("reason (rejected or revoked)"), widget=_text(2), required=False)
    outcome = forms.CharField(label=_("outcome"), widget=_text(2), required=False)


# --- commission meetings ------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    title = forms.CharField(label=_("title"), max_length=300)
    members = UserMultipleChoiceField(
        label=_("members"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class AgendaForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label=_("cases on the agenda"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
