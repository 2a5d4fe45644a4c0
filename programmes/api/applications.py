"""API of the application register: list, register, correct, review, decide, pay, deliver, end; consents;
and the aggregates a council member may read."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import HasRole, Role

from .. import selectors, services
from ..models import BenefitApplication, Consent, Person, PersonEvent, Service, personal_number_validator
from ._common import (
    ANY_MUNICIPAL,
    HEAD,
    REGISTER_READERS,
    ApplicationDetailOutput,
    ApplicationListOutput,
    Pagination,
    PersonOutput,
    _detail,
    _found,
)


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
        duplicate_reason = serializers.CharField(
            max_length=500,
            required=False,
            default="",
            allow_blank=True,
            help_text="Required only while the applicant's earlier application for the service is undecided.",
        )
        consent_social_status = serializers.BooleanField(required=False, default=False)
        household_of = serializers.CharField(
            max_length=11,
            required=False,
            default="",
            allow_blank=True,
            validators=[personal_number_validator],
            help_text="The personal number of a registered member of the household the applicant joins; "
            "empty for a new household at the applicant's settlement and address.",
        )

    # The applicant's errors come back under "applicant", as the applicant is given.
    service_error_groups = {"applicant": services.APPLICANT_FIELDS}
    # Read by the OpenAPI schema too: the list is documented as pages (count, next, previous, results).
    pagination_class = Pagination

    def get_permissions(self):
        return [REGISTER_READERS()] if self.request.method == "GET" else [HasRole.of(Role.FRONT_DESK)()]

    @extend_schema(
        summary="The application register (filtered, paginated)",
        parameters=[FilterSerializer],
        responses=ApplicationListOutput(many=True),
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        qs = selectors.application_list(filters=selectors.ApplicationFilters.of(**f.validated_data))
        paginator = self.pagination_class()
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
        application = services.application_intake(
            actor=request.user,
            applicant=dict(applicant.validated_data),
            application={name: values[name] for name in services.APPLICATION_FIELDS if name in values},
            consent_social_status=values["consent_social_status"],
            household_of=values["household_of"],
        )
        return Response(_detail(application.pk, request.user), status=status.HTTP_201_CREATED)


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
        return Response(_found(_detail, pk=pk, user=request.user))

    @extend_schema(
        summary="Correct the registration of an undecided application (front desk); kept in the history",
        request=InputSerializer,
        responses=ApplicationDetailOutput,
    )
    def patch(self, request, pk: int):
        application = _found(selectors.application_get, pk=pk)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.application_update(application=application, actor=request.user, **data.validated_data)
        return Response(_detail(pk, request.user))


class PersonEventOutput(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = PersonEvent
        fields = ["at", "actor", "action", "changes"]


class PersonDetailApi(APIView):
    """A registered person's record. Registering an application never changes it; this does, and keeps
    who changed what."""

    class InputSerializer(serializers.Serializer):
        first_name = serializers.CharField(max_length=100, required=False)
        last_name = serializers.CharField(max_length=100, required=False)
        sex = serializers.ChoiceField(choices=Person.Sex.choices, required=False)
        birth_date = serializers.DateField(required=False, allow_null=True)
        phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
        email = serializers.EmailField(required=False, allow_blank=True)

    class OutputSerializer(PersonOutput):
        events = PersonEventOutput(many=True, read_only=True)

        class Meta(PersonOutput.Meta):
            fields = [*PersonOutput.Meta.fields, "events"]

    def get_permissions(self):
        return [REGISTER_READERS()] if self.request.method == "GET" else [HasRole.of(Role.FRONT_DESK)()]

    def _output(self, pk: int) -> dict:
        return self.OutputSerializer(_found(selectors.person_with_history, pk=pk)).data

    @extend_schema(
        summary="A registered person with the history of changes to their record", responses=OutputSerializer
    )
    def get(self, request, pk: int):
        return Response(self._output(pk))

    @extend_schema(
        summary="Change contact details (front desk) or correct name, sex, date of birth (head of service)",
        request=InputSerializer,
        responses=OutputSerializer,
    )
    def patch(self, request, pk: int):
        person = _found(selectors.person_get, pk=pk)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.person_update(person=person, actor=request.user, **data.validated_data)
        return Response(self._output(pk))


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
        person = _found(selectors.person_for_consents, pk=pk, user=request.user)
        return Response(ConsentOutput(selectors.consent_list(person=person), many=True).data)

    @extend_schema(
        summary="Record a consent (e.g. to fetch social-status data)",
        request=InputSerializer,
        responses={201: ConsentOutput},
    )
    def post(self, request, pk: int):
        person = _found(selectors.person_for_consents, pk=pk, user=request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.consent_give(actor=request.user, person=person, **data.validated_data)
        return Response(ConsentOutput(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(APIView):
    permission_classes = [HasRole.of(Role.FRONT_DESK, Role.SOCIAL_WORKER)]

    class InputSerializer(serializers.Serializer):
        withdrawn_on = serializers.DateField()

    @extend_schema(summary="Withdraw a consent", request=InputSerializer, responses=ConsentOutput)
    def post(self, request, pk: int):
        consent = _found(selectors.consent_for, pk=pk, user=request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.consent_withdraw(actor=request.user, consent=consent, **data.validated_data)
        return Response(ConsentOutput(consent).data)


class _ApplicationActionApi(APIView):
    def application(self, pk: int) -> BenefitApplication:
        return _found(selectors.application_get, pk=pk)


class ApplicationReviewApi(_ApplicationActionApi):
    permission_classes = [HEAD]

    @extend_schema(
        summary="Put a received application under review", request=None, responses=ApplicationDetailOutput
    )
    def post(self, request, pk: int):
        services.application_start_review(application=self.application(pk), actor=request.user)
        return Response(_detail(pk, request.user))


class ApplicationDecideApi(_ApplicationActionApi):
    permission_classes = [HEAD]

    class InputSerializer(serializers.Serializer):
        approved = serializers.BooleanField()
        amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        decided_on = serializers.DateField(required=False)

    @extend_schema(
        summary="Approve or reject (head of service)",
        request=InputSerializer,
        responses=ApplicationDetailOutput,
    )
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"amount": None, **data.validated_data}
        services.application_decide(application=self.application(pk), actor=request.user, **values)
        return Response(_detail(pk, request.user))


class ApplicationPaymentApi(_ApplicationActionApi):
    permission_classes = [HEAD]

    class InputSerializer(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=12, decimal_places=2)
        paid_on = serializers.DateField()

    @extend_schema(
        summary="Record a payment (head of service)",
        request=InputSerializer,
        responses={201: ApplicationDetailOutput},
    )
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.payment_record(application=self.application(pk), actor=request.user, **data.validated_data)
        return Response(_detail(pk, request.user), status=status.HTTP_201_CREATED)


class ApplicationDeliverApi(_ApplicationActionApi):
    permission_classes = [HEAD]

    class InputSerializer(serializers.Serializer):
        delivered_on = serializers.DateField()

    @extend_schema(
        summary="Mark a service without money as delivered",
        request=InputSerializer,
        responses=ApplicationDetailOutput,
    )
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_mark_delivered(
            application=self.application(pk), actor=request.user, **data.validated_data
        )
        return Response(_detail(pk, request.user))


class ApplicationEndServiceApi(_ApplicationActionApi):
    permission_classes = [HasRole.of(Role.HEAD_OF_SERVICE, Role.FRONT_DESK)]

    class InputSerializer(serializers.Serializer):
        ended_on = serializers.DateField(required=False)

    @extend_schema(
        summary="End the service (the feedback module then invites the citizen)",
        request=InputSerializer,
        responses=ApplicationDetailOutput,
    )
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_end_service(
            application=self.application(pk), actor=request.user, **data.validated_data
        )
        return Response(_detail(pk, request.user))


# --- aggregates (council members too) ----------------------------------------------------------------------------


class SummaryApi(APIView):
    """Applications per service in a period: counts and money only, never names or personal numbers.
    A council member (without a staff role) gets null wherever a figure is hidden: counts below the
    municipality's threshold, the money of a hidden count, and cells that would reveal a hidden one."""

    permission_classes = [ANY_MUNICIPAL]

    class FilterSerializer(serializers.Serializer):
        received_from = serializers.DateField(required=False)
        received_to = serializers.DateField(required=False)

    class RowSerializer(serializers.Serializer):
        code = serializers.CharField()
        name_ka = serializers.CharField()
        name_en = serializers.CharField()
        year = serializers.IntegerField(source="programme__year")
        total = serializers.IntegerField(allow_null=True)
        approved = serializers.IntegerField(allow_null=True)
        rejected = serializers.IntegerField(allow_null=True)
        pending = serializers.IntegerField(allow_null=True)
        paper = serializers.IntegerField(allow_null=True)
        email = serializers.IntegerField(allow_null=True)
        online = serializers.IntegerField(allow_null=True)
        women = serializers.IntegerField(allow_null=True)
        men = serializers.IntegerField(allow_null=True)
        decided_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)

    @extend_schema(
        summary="Applications per service (aggregates only; small figures null for council members)",
        parameters=[FilterSerializer],
        responses=RowSerializer(many=True),
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        summary = selectors.summary_for(
            user=request.user,
            received=selectors.received_period(
                f.validated_data.get("received_from"), f.validated_data.get("received_to")
            ),
        )
        return Response(self.RowSerializer(summary.rows, many=True).data)
