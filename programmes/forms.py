"""HTML forms of the programmes pages. They only shape input; the rules live in services.py."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from municipal_platform import clock

from .models import SERVICE_FIELDS, BenefitApplication, Person, Programme, Service, personal_number_validator


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["year", "code", "name_ka", "name_en", "resolution"]


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = list(SERVICE_FIELDS)  # exactly what service_create/service_update accept
        widgets = {
            "active_from": DateInput(),
            "active_to": DateInput(),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "documents": forms.Textarea(attrs={"rows": 3}),
        }

    def validate_unique(self):
        # The service layer checks uniqueness against the programme, which this form does not carry.
        pass


class BudgetLineForm(forms.Form):
    planned = forms.DecimalField(
        label=_("planned, GEL"), max_digits=14, decimal_places=2, min_value=Decimal(0)
    )
    funding_source = forms.CharField(label=_("funding source"), max_length=200, required=False)


class _ByProgrammeYear(forms.models.ModelChoiceIterator):
    """Services grouped under their programme's year, the current year's first, so that the front desk
    sees which year's programme an application goes to."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[int, list] = {}
        for service in self.queryset:
            groups.setdefault(service.programme.year, []).append(self.choice(service))
        this_year = clock.today().year
        for year in sorted(groups, key=lambda y: (y != this_year, -y)):
            label = _("%(year)s (this year)") % {"year": year} if year == this_year else str(year)
            yield (label, groups[year])


class ServiceChoiceField(forms.ModelChoiceField):
    iterator = _ByProgrammeYear

    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name} · {obj.programme.year}"


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Number, surname or personal number"), "type": "search"}
        ),
    )
    service = ServiceChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False, empty_label=_("All services")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=_("Received to"), required=False, widget=DateInput())
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        choices=[(n, n) for n in (10, 25, 50, 100)],
        coerce=int,
        required=False,
        empty_value=25,
        initial=25,
    )

    def __init__(self, *args, services_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_qs if services_qs is not None else Service.objects.all()
        self.fields["status"].choices = [("", _("All statuses")), *BenefitApplication.Status.choices]
        self.fields["channel"].choices = [("", _("All channels")), *BenefitApplication.Channel.choices]


class ApplicationRegisterForm(forms.Form):
    """One form for the chancellery: the applicant (found or registered by personal number) and the application."""

    personal_number = forms.CharField(
        label=_("personal number"),
        max_length=11,
        min_length=11,
        validators=[personal_number_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": r"\d{11}"}),
    )
    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "—"), *Person.Sex.choices])
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    settlement = forms.CharField(label=_("settlement"), max_length=200, required=False)
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    household_of = forms.CharField(
        label=_("Same household as (personal number)"),
        max_length=11,
        required=False,
        validators=[personal_number_validator],
        help_text=_("Leave empty for a new household at the settlement and address above."),
    )
    service = ServiceChoiceField(
        label=_("Service"), queryset=Service.objects.none(), empty_label=_("Choose a service")
    )
    channel = forms.ChoiceField(label=_("channel"), choices=BenefitApplication.Channel.choices)
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    requested_amount = forms.DecimalField(
        label=_("requested amount, GEL"), max_digits=12, decimal_places=2, required=False
    )
    feedback_form_handed = forms.BooleanField(label=_("paper feedback form handed over"), required=False)
    consent_social_status = forms.BooleanField(
        label=_(
            "The applicant consents to the municipality fetching their social-status data from the state database"
        ),
        required=False,
    )

    duplicate_reason = forms.CharField(
        label=_("reason for registering again"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the applicant's earlier application for this service is still open."),
    )

    def __init__(self, *args, services_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_qs if services_qs is not None else Service.objects.all()


class PersonForm(forms.Form):
    """A registered person's record: contact details for the front desk; who they are only for the head."""

    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    sex = forms.ChoiceField(label=_("sex"), choices=Person.Sex.choices)
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)

    IDENTITY = ("first_name", "last_name", "sex", "birth_date")

    def __init__(self, *args, identity: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not identity:
            for name in self.IDENTITY:
                del self.fields[name]


class ApplicationCorrectionForm(forms.Form):
    """Correcting the registration of an application that has not been decided."""

    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none())
    channel = forms.ChoiceField(label=_("channel"), choices=BenefitApplication.Channel.choices)
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    requested_amount = forms.DecimalField(
        label=_("requested amount, GEL"), max_digits=12, decimal_places=2, required=False
    )
    feedback_form_handed = forms.BooleanField(label=_("paper feedback form handed over"), required=False)

    def __init__(self, *args, services_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_qs if services_qs is not None else Service.objects.all()


class DecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Reject"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(label=_("amount, GEL"), max_digits=12, decimal_places=2, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput())


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("amount, GEL"), max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())


class DateOnlyForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DateInput())


class SummaryFilterForm(forms.Form):
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=_("Received to"), required=False, widget=DateInput())
