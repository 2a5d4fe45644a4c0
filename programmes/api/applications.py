"""API of the application register: list, register, correct, review, decide, pay, deliver, end; consents;
and the aggregates a council member may read."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import HasRole, Role

from .. import selectors, services
from ..models import BenefitApplication, Consent, Person, PersonEvent, Service
from ._common import (
    ANY_MUNICIPAL,
    HEAD,
    REGISTER_READERS,
    ApplicationDetailOutput,
    ApplicationListOutput,
    Pagination,
    PersonOutput,
    _detail,
    run,
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
        consent_social_status = serializers.BooleanField(required=False, default=False)

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

    @extend_schema(
        summary="Correct the registration of an undecided application (front desk); kept in the history",
        request=InputSerializer,
        responses=ApplicationDetailOutput,
    )
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
        person = get_object_or_404(
            Person.objects.select_related("household").prefetch_related(
                Prefetch("events", queryset=PersonEvent.objects.select_related("actor").order_by("at", "id"))
            ),
            pk=pk,
        )
        return self.OutputSerializer(person).data

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
        person = get_object_or_404(Person, pk=pk)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        run(services.person_update, person=person, updated_by=request.user, **data.validated_data)
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
        person = get_object_or_404(Person, pk=pk)
        return Response(ConsentOutput(person.consents.order_by("given_on", "id"), many=True).data)

    @extend_schema(
        summary="Record a consent (e.g. to fetch social-status data)",
        request=InputSerializer,
        responses={201: ConsentOutput},
    )
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
    permission_classes = [HEAD]

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

    @extend_schema(
        summary="Approve or reject (head of service)",
        request=InputSerializer,
        responses=ApplicationDetailOutput,
    )
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

    @extend_schema(
        summary="Record a payment (head of service)",
        request=InputSerializer,
        responses={201: ApplicationDetailOutput},
    )
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

    @extend_schema(
        summary="Mark a service without money as delivered",
        request=InputSerializer,
        responses=ApplicationDetailOutput,
    )
    def post(self, request, pk: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(
            services.application_mark_delivered,
            application=self.application(pk),
            delivered_by=request.user,
            **data.validated_data,
        )
        return Response(_detail(pk))


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
        run(
            services.application_end_service,
            application=self.application(pk),
            ended_by=request.user,
            **data.validated_data,
        )
        return Response(_detail(pk))


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
        summary = selectors.summary_for(user=request.user, **f.validated_data)
        return Response(self.RowSerializer(summary.rows, many=True).data)
