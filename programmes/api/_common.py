"""What every programmes API view shares: role permissions, pagination, output shapes.

API views call services directly: a service's ValidationError becomes a 400 keyed by field in
``municipal_platform.errors.api_exception_handler``.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from municipal_platform.roles import MUNICIPALITY_ROLES, HasRole, Role

from .. import selectors
from ..models import SERVICE_FIELDS, ApplicationEvent, BenefitApplication, Payment, Person, Programme, Service
from ..workflow import Action

# Commission members see only cases put before the commission, and applications never are (see views.py).
REGISTER_READERS = HasRole.of(Role.FRONT_DESK, Role.HEAD_OF_SERVICE)
ANY_MUNICIPAL = HasRole.of(*MUNICIPALITY_ROLES)
HEAD = HasRole.of(Role.HEAD_OF_SERVICE)


def _found(selector, **kwargs):
    """What the selector returns, or a 404 when the object does not exist."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# --- output shapes -----------------------------------------------------------------------------------------


class ServiceOutput(serializers.ModelSerializer):
    programme_year = serializers.IntegerField(source="programme.year", read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "programme",
            "programme_year",
            *SERVICE_FIELDS,
        ]


class ProgrammeOutput(serializers.ModelSerializer):
    services = ServiceOutput(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "year", "code", "name_ka", "name_en", "resolution", "services"]


class ApplicationListOutput(serializers.ModelSerializer):
    service_code = serializers.CharField(source="service.code")
    applicant_name = serializers.SerializerMethodField()
    applicant_personal_number = serializers.CharField(source="applicant.personal_number")

    class Meta:
        model = BenefitApplication
        fields = [
            "id",
            "number",
            "service",
            "service_code",
            "applicant",
            "applicant_name",
            "applicant_personal_number",
            "channel",
            "received_on",
            "status",
            "decided_on",
            "decided_amount",
            "feedback_form_handed",
        ]

    def get_applicant_name(self, obj) -> str:
        return f"{obj.applicant.first_name} {obj.applicant.last_name}"


class PersonOutput(serializers.ModelSerializer):
    settlement = serializers.CharField(source="household.settlement", default="")

    class Meta:
        model = Person
        fields = [
            "id",
            "personal_number",
            "first_name",
            "last_name",
            "sex",
            "birth_date",
            "phone",
            "email",
            "household",
            "settlement",
        ]


class EventOutput(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = ApplicationEvent
        fields = ["at", "actor", "action", "changes"]


class PaymentOutput(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount"]


class ApplicationDetailOutput(ApplicationListOutput):
    applicant = PersonOutput()
    events = EventOutput(many=True)
    payments = PaymentOutput(many=True)
    paid_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    allowed_actions = serializers.SerializerMethodField(
        help_text="The workflow steps the requesting user may take on this application now."
    )

    class Meta(ApplicationListOutput.Meta):
        fields = [
            *ApplicationListOutput.Meta.fields,
            "requested_amount",
            "decision_reason",
            "decided_by",
            "service_ended_on",
            "registered_by",
            "created_at",
            "paid_total",
            "allowed_actions",
            "events",
            "payments",
        ]

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=[a.value for a in Action]))
    )
    def get_allowed_actions(self, obj) -> list[str]:
        return [str(action) for action in selectors.allowed_actions(obj, self.context["user"])]


def _detail(pk: int, user) -> dict:
    """One application as the API answers it, with the steps ``user`` may take on it now."""
    return ApplicationDetailOutput(selectors.application_detail(pk=pk), context={"user": user}).data
