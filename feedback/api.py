"""The feedback API: the summary contract, the public form definition and anonymous submission, reports."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from municipal_platform.clock import today
from municipal_platform.disclosure import exact_period_or_error, release_period_or_error
from municipal_platform.periods import period_or_error
from municipal_platform.roles import MUNICIPALITY_ROLES, HasRole, Role, reads_exact_figures

from . import selectors, services
from .models import Channel, Form, Report
from .submit_limits import count_accepted, submit_refused

# "from" is a keyword, so the serializer is built with type()
SummaryInput = type(
    "SummaryInput",
    (serializers.Serializer,),
    {"from": serializers.DateField(), "to": serializers.DateField()},
)


class SummaryApi(APIView):
    """The period's feedback figures, from its first to its last day (both included). Exact for the
    municipality's staff (a period of at least one month); for council members only the reporting
    calendar's periods and years, with small cells hidden (null), as published."""

    permission_classes = (HasRole.of(*MUNICIPALITY_ROLES),)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", datetime.date, required=True, description="first day, YYYY-MM-DD"),
            OpenApiParameter(
                "to", datetime.date, required=True, description="last day (included), YYYY-MM-DD"
            ),
        ],
        responses={200: dict},
    )
    def get(self, request):
        params = SummaryInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        period = period_or_error(params.validated_data["from"], params.validated_data["to"])
        if not reads_exact_figures(request.user):
            # the calendar's periods only, each checked against what else is released (see disclosure)
            return ApiResponse(selectors.released_figures(period=release_period_or_error(period)))
        return ApiResponse(selectors.feedback_summary(period=exact_period_or_error(period)))


class FormDefinitionApi(APIView):
    """A form's current questions and the services to choose from (public, no login)."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(responses={200: dict})
    def get(self, request, code: str):
        form = get_object_or_404(Form, code=code, is_active=True)
        version = selectors.current_version(form)
        return ApiResponse(
            {
                "code": form.code,
                "version": version.number,
                "title_ka": form.title_ka,
                "title_en": form.title_en,
                "asks_service": form.asks_service,
                "services": [
                    {"code": s.code, "name_ka": s.name_ka, "name_en": s.name_en}
                    for s in selectors.service_choices()
                ]
                if form.asks_service
                else [],
                "questions": [
                    {
                        "code": q.code,
                        "kind": q.kind,
                        "required": q.required,
                        "text_ka": q.text_ka,
                        "text_en": q.text_en,
                        "choices": q.choices,
                    }
                    for q in version.questions.all()
                ],
            }
        )


class SubmitApi(APIView):
    """Anonymous submission of a form: {"service", "sex", "age_band", "answers": {code: value}}.

    400 names each wrong field (e.g. ``answers.satisfaction``); 429 when the client sent too many.
    """

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(request=dict, responses={201: dict, 400: dict, 429: dict})
    def post(self, request, code: str):
        form = get_object_or_404(Form, code=code, is_active=True)
        if submit_refused(request):
            return ApiResponse(
                {"detail": "too many submissions, try later"}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if not isinstance(request.data, dict):
            raise ValidationError(_("Expected a JSON object."))
        services.response_submit(
            version=selectors.current_version(form),
            channel=Channel.ONLINE,
            data=dict(request.data),
            submitted_on=today(),
        )
        count_accepted(request)
        return ApiResponse({"status": "recorded"}, status=status.HTTP_201_CREATED)


class ReportSerializer(serializers.ModelSerializer):
    # stored half-open; read, like every period, as its last day
    period_to = serializers.DateField(source="period.last_day", read_only=True)

    class Meta:
        model = Report
        fields = (
            "id",
            "title",
            "period_from",
            "period_to",
            "status",
            "approved_on",
            "published_on",
            "figures",
        )


class ReportListApi(APIView):
    permission_classes = (HasRole.of(Role.FEEDBACK_OFFICER, Role.FRONT_DESK),)

    @extend_schema(responses=ReportSerializer(many=True))
    def get(self, request):
        reports = selectors.reports_for(request.user)
        return ApiResponse(ReportSerializer(reports, many=True).data)
