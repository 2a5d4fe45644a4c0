"""REST API of the programmes register (/api/v1/programmes/). Thin: validate, call a service or a
selector, shape the output. Errors from services come back as 400 with the offending field named."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import MUNICIPALITY_ROLES, HasRole, Role

from . import selectors, services
from .models import ApplicationEvent, BenefitApplication, Consent, Payment, Person, Programme, Service

REGISTER_READERS = HasRole.of(Role.FRONT_DESK, Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER)
ANY_MUNICIPAL = HasRole.of(*MUNICIPALITY_ROLES)
HEAD = HasRole.of(Role.HEAD_OF_SERVICE)


def run(fn, **kwargs):
    """Call a service; its ValidationError becomes a DRF 400 keyed by field."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        ) from exc


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
            "id", "programme", "programme_year", "code", "name_ka", "name_en", "kind", "eligibility",
            "amount_rule", "amount", "active_from", "active_to", "position",
        ]  # fmt: skip


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
            "id", "number", "service", "service_code", "applicant", "applicant_name", "applicant_personal_number",
            "channel", "received_on", "status", "decided_on", "decided_amount", "feedback_form_handed",
        ]  # fmt: skip

    def get_applicant_name(self, obj) -> str:
        return f"{obj.applicant.first_name} {obj.applicant.last_name}"


class PersonOutput(serializers.ModelSerializer):
    settlement = serializers.CharField(source="household.settlement", default="")

    class Meta:
        model = Person
        fields = ["id", "personal_number", "first_name", "last_name", "sex", "birth_date", "phone", "email",
                  "household", "settlement"]  # fmt: skip


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

    class Meta(ApplicationListOutput.Meta):
        fields = [
            *ApplicationListOutput.Meta.fields, "requested_amount", "decision_reason", "decided_by",
            "service_ended_on", "registered_by", "created_at", "paid_total", "events", "payments",
        ]  # fmt: skip


def _detail(pk: int) -> dict:
    return ApplicationDetailOutput(selectors.application_detail(pk=pk)).data


# --- catalogue -----------------------------------------------------------------------------------------------


class ProgrammeListApi(APIView):
    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        code = serializers.SlugField(max_length=40)
        name_ka = serializers.CharField(max_length=300)
        name_en = serializers.CharField(max_length=300, required=False, default="")
        resolution = serializers.CharField(max_length=300, required=False, default="")

    def get_permissions(self):
        return [ANY_MUNICIPAL()] if self.request.method == "GET" else [HEAD()]

    @extend_schema(
        summary="Programmes with their services",
        parameters=[OpenApiParameter("year", int, description="only this year")],
        responses=ProgrammeOutput(many=True),
    )
    def get(self, request):
        year = request.query_params.get("year")
        programmes = selectors.programme_list(year=int(year) if year and year.isdigit() else None)
        return Response(ProgrammeOutput(programmes, many=True).data)

    @extend_schema(
        summary="Create a programme (head of service)",
        request=InputSerializer,
        responses={201: ProgrammeOutput},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = run(services.programme_create, created_by=request.user, **data.validated_data)
        return Response(ProgrammeOutput(programme).data, status=status.HTTP_201_CREATED)


class ServiceInput(serializers.Serializer):
    code = serializers.SlugField(max_length=60)
    name_ka = serializers.CharField(max_length=300)
    name_en = serializers.CharField(max_length=300, required=False)
    kind = serializers.ChoiceField(choices=Service.Kind.choices)
    eligibility = serializers.CharField(required=False, allow_blank=True)
    amount_rule = serializers.ChoiceField(choices=Service.AmountRule.choices, required=False)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    active_from = serializers.DateField(required=False, allow_null=True)
    active_to = serializers.DateField(required=False, allow_null=True)
    position = serializers.IntegerField(required=False, min_value=0)


class ServiceListApi(APIView):
    class InputSerializer(ServiceInput):
        programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all())

    def get_permissions(self):
        return [ANY_MUNICIPAL()] if self.request.method == "GET" else [HEAD()]

    @extend_schema(
        summary="Services of every programme",
        parameters=[OpenApiParameter("year", int, description="only services of this year's programmes")],
        responses=ServiceOutput(many=True),
    )
    def get(self, request):
        year = request.query_params.get("year")
        return Response(
            ServiceOutput(
                selectors.service_list(year=int(year) if year and year.isdigit() else None), many=True
            ).data
        )

    @extend_schema(summary="Add a service to a programme (head of service)", request=InputSerializer,
                   responses={201: ServiceOutput})  # fmt: skip
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = run(services.service_create, created_by=request.user, **data.validated_data)
        return Response(ServiceOutput(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailApi(APIView):
    class InputSerializer(ServiceInput):
        pass

    def get_permissions(self):
        return [ANY_MUNICIPAL()] if self.request.method == "GET" else [HEAD()]

    @extend_schema(summary="One service", responses=ServiceOutput)
    def get(self, request, pk: int):
        return Response(
            ServiceOutput(get_object_or_404(Service.objects.select_related("programme"), pk=pk)).data
        )

    @extend_schema(
        summary="Change a service (head of service)", request=InputSerializer, responses=ServiceOutput
    )
    def patch(self, request, pk: int):
        service = get_object_or_404(Service, pk=pk)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        service = run(
            services.service_update, service=service, updated_by=request.user, **data.validated_data
        )
        return Response(ServiceOutput(service).data)


# --- budget ----------------------------------------------------------------------------------------------------


class BudgetLineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    service = serializers.IntegerField(source="service_id")
    service_code = serializers.CharField(source="service.code")
    service_name_ka = serializers.CharField(source="service.name_ka")
    service_name_en = serializers.CharField(source="service.name_en")
    funding_source = serializers.CharField()
    planned = serializers.DecimalField(max_digits=16, decimal_places=2)
    committed = serializers.DecimalField(max_digits=16, decimal_places=2)
    paid = serializers.DecimalField(max_digits=16, decimal_places=2)
    available = serializers.DecimalField(max_digits=16, decimal_places=2)


class BudgetTotalsOutput(serializers.Serializer):
    planned = serializers.DecimalField(max_digits=16, decimal_places=2)
    committed = serializers.DecimalField(max_digits=16, decimal_places=2)
    paid = serializers.DecimalField(max_digits=16, decimal_places=2)
    available = serializers.DecimalField(max_digits=16, decimal_places=2)


class BudgetOutput(serializers.Serializer):
    year = serializers.IntegerField()
    lines = BudgetLineOutput(many=True)
    totals = BudgetTotalsOutput()


class BudgetApi(APIView):
    """Planned vs committed vs paid per budget line of a year, with totals (no personal data)."""

    class InputSerializer(serializers.Serializer):
        service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.select_related("programme"))
        planned = serializers.DecimalField(max_digits=14, decimal_places=2)
        funding_source = serializers.CharField(max_length=200, required=False, default="")

    def get_permissions(self):
        if self.request.method == "GET":
            return [HasRole.of(Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER, Role.COUNCIL_MEMBER)()]
        return [HEAD()]

    @extend_schema(
        summary="Budget view of a year",
        parameters=[OpenApiParameter("year", int, required=True)],
        responses=BudgetOutput,
    )
    def get(self, request):
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError as exc:
            raise ValidationError({"year": ["Give the year, e.g. ?year=2025."]}) from exc
        lines = selectors.budget_lines(year=year)
        return Response(
            BudgetOutput({"year": year, "lines": lines, "totals": selectors.budget_totals(year=year)}).data
        )

    @extend_schema(summary="Set the planned amount of a service's budget line (head of service)",
                   request=InputSerializer, responses={200: BudgetLineOutput})  # fmt: skip
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line = run(services.budget_line_set, set_by=request.user, **data.validated_data)
        line = selectors.budget_lines(year=line.year).get(pk=line.pk)
        return Response(BudgetLineOutput(line).data)


# --- applications ----------------------------------------------------------------------------------------------


class ApplicationListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        service = serializers.IntegerField(required=False)
        status = serializers.ChoiceField(choices=BenefitApplication.Status.choices, required=False)
        channel = serializers.ChoiceField(choices=BenefitApplication.Channel.choices, required=False)
        received_from = serializers.DateField(required=False)
        received_to = serializers.DateField(required=False)
        q = serializers.CharField(required=False)

    class ApplicantInput(serializers.Serializer):
        personal_number = serializers.CharField(max_length=20)
        first_name = serializers.CharField(max_length=100)
        last_name = serializers.CharField(max_length=100)
        sex = serializers.ChoiceField(choices=Person.Sex.choices)
        birth_date = serializers.DateField(required=False, allow_null=True)
        phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
        email = serializers.EmailField(required=False, default="", allow_blank=True)
        settlement = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        address = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)

    class InputSerializer(serializers.Serializer):
        service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all())
        channel = serializers.ChoiceField(choices=BenefitApplication.Channel.choices)
        received_on = serializers.DateField()
        requested_amount = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True
        )
        feedback_form_handed = serializers.BooleanField(required=False, default=False)
        consent_social_status = serializers.BooleanField(required=False, default=False)

    def get_permissions(self):
        return [REGISTER_READERS()] if self.request.method == "GET" else [HasRole.of(Role.FRONT_DESK)()]

    @extend_schema(summary="The application register (filtered, paginated)", parameters=[FilterSerializer],
                   responses=ApplicationListOutput(many=True))  # fmt: skip
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        qs = selectors.application_list(filters=selectors.ApplicationFilters(**f.validated_data))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ApplicationListOutput(page, many=True).data)

    @extend_schema(
        summary="Register an application (front desk); the applicant is found or registered by personal number",
        request=inline_serializer(
            "ApplicationRegisterInput", {"applicant": ApplicantInput(), **InputSerializer().fields}
        ),
        responses={201: ApplicationDetailOutput},
    )
    def post(self, request):
        applicant = self.ApplicantInput(data=request.data.get("applicant") or {})
        data = self.InputSerializer(data=request.data)
        applicant_ok, data_ok = applicant.is_valid(), data.is_valid()
        if not (applicant_ok and data_ok):
            errors = dict(data.errors)
            if applicant.errors:
                errors["applicant"] = applicant.errors
            raise ValidationError(errors)
        values = dict(data.validated_data)
        consent = values.pop("consent_social_status")
        with transaction.atomic():
            try:
                person = services.person_register(registered_by=request.user, **applicant.validated_data)
            except DjangoValidationError as exc:
                raise ValidationError({"applicant": exc.message_dict}) from exc
            application = run(
                services.application_register, registered_by=request.user, applicant=person, **values
            )
            if consent:
                services.consent_give(
                    recorded_by=request.user,
                    person=person,
                    purpose=Consent.Purpose.SOCIAL_STATUS_DATA,
                    given_on=values["received_on"],
                )
        return Response(_detail(application.pk), status=status.HTTP_201_CREATED)


class ApplicationDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), required=False)
        channel = serializers.ChoiceField(choices=BenefitApplication.Channel.choices, required=False)
        received_on = serializers.DateField(required=False)
        requested_amount = serializers.DecimalField(
            max_digits=12, decimal_places=2, required=False, allow_null=True
        )
        feedback_form_handed = serializers.BooleanField(required=False)

    def get_permissions(self):
        return [REGISTER_READERS()] if self.request.method == "GET" else [HasRole.of(Role.FRONT_DESK)()]

    @extend_schema(summary="One application with its payments and history", responses=ApplicationDetailOutput)
    def get(self, request, pk: int):
        get_object_or_404(BenefitApplication, pk=pk)
        return Response(_detail(pk))

    @extend_schema(summary="Correct the registration of an undecided application (front desk); kept in the history",
                   request=InputSerializer, responses=ApplicationDetailOutput)  # fmt: skip
    def patch(self, request, pk: int):
        application = get_object_or_404(BenefitApplication, pk=pk)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        run(
            services.application_update,
            application=application,
            updated_by=request.user,
            **data.validated_data,
        )
        return Response(_detail(pk))


class ConsentOutput(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["id", "person", "purpose", "given_on", "withdrawn_on", "note"]


class ConsentListApi(APIView):
    permission_classes = [HasRole.of(Role.FRONT_DESK, Role.SOCIAL_WORKER)]

    class InputSerializer(serializers.Serializer):
        purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)
        given_on = serializers.DateField()
        note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)

    @extend_schema(summary="Consents a person gave", responses=ConsentOutput(many=True))
    def get(self, request, pk: int):
        person = get_object_or_404(Person, pk=pk)
        return Response(ConsentOutput(person.consents.order_by("given_on", "id"), many=True).data)

    @extend_schema(summary="Record a consent (e.g. to fetch social-status data)", request=InputSerializer,
                   responses={201: ConsentOutput})  # fmt: skip
    def post(self, request, pk: int):
        person = get_object_or_404(Person, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = run(services.consent_give, recorded_by=request.user, person=person, **data.validated_data)
        return Response(ConsentOutput(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(APIView):
    permission_classes = [HasRole.of(Role.FRONT_DESK, Role.SOCIAL_WORKER)]

    class InputSerializer(serializers.Serializer):
        withdrawn_on = serializers.DateField()

    @extend_schema(summary="Withdraw a consent", request=InputSerializer, responses=ConsentOutput)
    def post(self, request, pk: int):
        consent = get_object_or_404(Consent, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = run(
            services.consent_withdraw, recorded_by=request.user, consent=consent, **data.validated_data
        )
        return Response(ConsentOutput(consent).data)


class _ApplicationActionApi(APIView):
    def application(self, pk: int) -> BenefitApplication:
        return get_object_or_404(BenefitApplication.objects.select_related("service"), pk=pk)


class ApplicationReviewApi(_ApplicationActionApi):
    permission_classes = [HasRole.of(Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER)]

    @extend_schema(
        summary="Put a received application under review", request=None, responses=ApplicationDetailOutput
    )
    def post(self, request, pk: int):
        run(services.application_start_review, application=self.application(pk), reviewed_by=request.user)
        return Response(_detail(pk))


class ApplicationDecideApi(_ApplicationActionApi):
    permission_classes = [HEAD]

    class InputSerializer(serializers.Serializer):
        approved = serializers.BooleanField()
        amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        decided_on = serializers.DateField(required=False)

    @extend_schema(summary="Approve or reject (head of service)", request=InputSerializer,
                   responses=ApplicationDetailOutput)  # fmt: skip
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"amount": None, **data.validated_data}
        run(services.application_decide, application=self.application(pk), decided_by=request.user, **values)
        return Response(_detail(pk))


class ApplicationPaymentApi(_ApplicationActionApi):
    permission_classes = [HEAD]

    class InputSerializer(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=12, decimal_places=2)
        paid_on = serializers.DateField()

    @extend_schema(summary="Record a payment (head of service)", request=InputSerializer,
                   responses={201: ApplicationDetailOutput})  # fmt: skip
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(
            services.payment_record,
            application=self.application(pk),
            recorded_by=request.user,
            **data.validated_data,
        )
        return Response(_detail(pk), status=status.HTTP_201_CREATED)


class ApplicationDeliverApi(_ApplicationActionApi):
    permission_classes = [HEAD]

    class InputSerializer(serializers.Serializer):
        delivered_on = serializers.DateField()

    @extend_schema(summary="Mark a service without money as delivered", request=InputSerializer,
                   responses=ApplicationDetailOutput)  # fmt: skip
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(services.application_mark_delivered, application=self.application(pk), delivered_by=request.user,
            **data.validated_data)  # fmt: skip
        return Response(_detail(pk))


class ApplicationEndServiceApi(_ApplicationActionApi):
    permission_classes = [HasRole.of(Role.HEAD_OF_SERVICE, Role.FRONT_DESK)]

    class InputSerializer(serializers.Serializer):
        ended_on = serializers.DateField(required=False)

    @extend_schema(summary="End the service (the feedback module then invites the citizen)",
                   request=InputSerializer, responses=ApplicationDetailOutput)  # fmt: skip
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(services.application_end_service, application=self.application(pk), ended_by=request.user,
            **data.validated_data)  # fmt: skip
        return Response(_detail(pk))


# --- aggregates (council members too) ----------------------------------------------------------------------------


class SummaryApi(APIView):
    """Applications per service in a period: counts and money only, never names or personal numbers."""

    permission_classes = [ANY_MUNICIPAL]

    class FilterSerializer(serializers.Serializer):
        received_from = serializers.DateField(required=False)
        received_to = serializers.DateField(required=False)

    class RowSerializer(serializers.Serializer):
        code = serializers.CharField()
        name_ka = serializers.CharField()
        name_en = serializers.CharField()
        year = serializers.IntegerField(source="programme__year")
        total = serializers.IntegerField()
        approved = serializers.IntegerField()
        rejected = serializers.IntegerField()
        pending = serializers.IntegerField()
        paper = serializers.IntegerField()
        email = serializers.IntegerField()
        online = serializers.IntegerField()
        women = serializers.IntegerField()
        men = serializers.IntegerField()
        decided_amount = serializers.DecimalField(max_digits=16, decimal_places=2)

    @extend_schema(summary="Applications per service (aggregates only)", parameters=[FilterSerializer],
                   responses=RowSerializer(many=True))  # fmt: skip
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        rows = selectors.applications_by_service(**f.validated_data)
        return Response(self.RowSerializer(rows, many=True).data)
