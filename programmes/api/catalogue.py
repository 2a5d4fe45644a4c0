"""API of the catalogue and the budget view: programmes, services, budget lines."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import HasRole, Role

from .. import selectors, services
from ..models import Programme, Service
from ._common import ANY_MUNICIPAL, HEAD, ProgrammeOutput, ServiceOutput, _found


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
        programme = services.programme_create(actor=request.user, **data.validated_data)
        return Response(ProgrammeOutput(programme).data, status=status.HTTP_201_CREATED)


class ServiceInput(serializers.Serializer):
    code = serializers.SlugField(max_length=60)
    name_ka = serializers.CharField(max_length=300)
    name_en = serializers.CharField(max_length=300, required=False)
    kind = serializers.ChoiceField(choices=Service.Kind.choices)
    eligibility = serializers.CharField(required=False, allow_blank=True)
    documents = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The documents a citizen brings (shown on the start page).",
    )
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

    @extend_schema(
        summary="Add a service to a programme (head of service)",
        request=InputSerializer,
        responses={201: ServiceOutput},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = services.service_create(actor=request.user, **data.validated_data)
        return Response(ServiceOutput(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailApi(APIView):
    class InputSerializer(ServiceInput):
        pass

    def get_permissions(self):
        return [ANY_MUNICIPAL()] if self.request.method == "GET" else [HEAD()]

    @extend_schema(summary="One service", responses=ServiceOutput)
    def get(self, request, pk: int):
        return Response(ServiceOutput(_found(selectors.service_get, pk=pk)).data)

    @extend_schema(
        summary="Change a service (head of service)", request=InputSerializer, responses=ServiceOutput
    )
    def patch(self, request, pk: int):
        service = _found(selectors.service_get, pk=pk)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        service = services.service_update(service=service, actor=request.user, **data.validated_data)
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
    committed = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    paid = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    child_support = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text="Spent of the line by child and family cases (in-kind aid, referrals accepted or done).",
    )
    available = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class BudgetTotalsOutput(serializers.Serializer):
    planned = serializers.DecimalField(max_digits=16, decimal_places=2)
    committed = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    paid = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    child_support = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text="Spent of the line by child and family cases (in-kind aid, referrals accepted or done).",
    )
    available = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class BudgetOutput(serializers.Serializer):
    year = serializers.IntegerField()
    lines = BudgetLineOutput(many=True)
    totals = BudgetTotalsOutput()


class BudgetApi(APIView):
    """Planned vs committed vs paid (and spent by child and family cases) per budget line of a year, with
    totals (no personal data); null for a council member where the money would give a hidden count;
    available is what is left after applications and cases."""

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
        # council members: null where the money would give a hidden count (see selectors.budget_for)
        budget = selectors.budget_for(user=request.user, year=year)
        return Response(BudgetOutput({"year": year, "lines": budget.lines, "totals": budget.totals}).data)

    @extend_schema(
        summary="Set the planned amount of a service's budget line (head of service)",
        request=InputSerializer,
        responses={200: BudgetLineOutput},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line = services.budget_line_set(actor=request.user, **data.validated_data)
        line = selectors.budget_line_with_figures(line=line)
        return Response(BudgetLineOutput(line).data)
