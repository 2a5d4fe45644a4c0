"""The yearly report of child and family support: GET /api/v1/child-support/reports/yearly/?year=YYYY.

The same object as ``python manage.py child_support_report --json`` (``child_support.reports``). No case is
read (aggregates only), so no row of the case audit trail is written.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import HasRole, Role, reads_exact_figures

from ..reports import year_or_error, yearly_report


def _count(help_text: str = "") -> serializers.IntegerField:
    return serializers.IntegerField(allow_null=True, help_text=help_text)


def _money(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, help_text=help_text)


# The shapes below document the answer in the OpenAPI schema; the view returns the report's own object.


class ReportCategoryOutput(serializers.Serializer):
    families = _count("households given aid of this category")
    provisions = _count()
    total_gel = _money()


class ReportBudgetLineOutput(serializers.Serializer):
    service_code = serializers.CharField()
    name = serializers.CharField(help_text="the service's Georgian name")
    name_en = serializers.CharField()
    planned = _money()
    spent = _money("provisions on the line plus its accepted or done referrals' cost")
    remaining = _money()


class ChildrenServedOutput(serializers.Serializer):
    total = _count()
    by_sex = serializers.DictField(child=_count(), help_text="female, male")
    by_age_band = serializers.DictField(child=_count(), help_text="age on 31 December: 0-6, 7-13, 14-17, 18+")


class YearlyReportOutput(serializers.Serializer):
    year = serializers.IntegerField()
    exact = serializers.BooleanField(help_text="false: small cells are hidden (null)")
    threshold = serializers.IntegerField(
        allow_null=True, help_text="the smallest figure shown; null if exact"
    )
    families_with_appliances = _count()
    families_with_stationery = _count()
    children_autism_funded = _count()
    early_development_families = _count()
    inclusive_centre_enrolments = _count()
    aid_total_gel = _money()
    aid_by_category = serializers.DictField(child=ReportCategoryOutput())
    aid_by_budget_line = ReportBudgetLineOutput(many=True)
    cases_total = _count("cases opened up to the year's last day")
    cases_by_status = serializers.DictField(child=_count(), help_text="by their status today")
    children_served = ChildrenServedOutput()
    hidden = serializers.ListField(child=serializers.CharField(), help_text="paths of the hidden cells")


class YearlyReportView(APIView):
    """The year's results: exact for the head of service and social workers; for council members a year
    that has ended, as released, with small cells hidden (null). Others: 403."""

    permission_classes = (HasRole.of(Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER, Role.COUNCIL_MEMBER),)

    @extend_schema(
        summary="Yearly results of child and family support",
        parameters=[
            OpenApiParameter("year", int, required=True, description="four digits, 2000 up to next year")
        ],
        responses={200: YearlyReportOutput},
    )
    def get(self, request):
        year = year_or_error(request.query_params.get("year"))
        return Response(yearly_report(year=year, exact=reads_exact_figures(request.user)))
