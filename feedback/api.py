"""The feedback API: the summary contract, the public form definition and anonymous submission, reports."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django_ratelimit.core import is_ratelimited
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from municipal_platform.roles import MUNICIPALITY_ROLES, HasRole, Role, has_role

from . import services
from .forms_input import error_dict
from .models import Channel, Form, Report
from .selectors import current_version, feedback_summary, public_figures, service_choices, settings_get
from .views_citizen import submit_rate


def _validate_period(self, attrs):
    if attrs["to"] <= attrs["from"]:
        raise serializers.ValidationError({"to": "must be after from"})
    return attrs


# "from" is a keyword, so the serializer is built with type()
SummaryInput = type(
    "SummaryInput",
    (serializers.Serializer,),
    {"from": serializers.DateField(), "to": serializers.DateField(), "validate": _validate_period},
)


# who reads exact figures (the head of service reaches these roles); every other municipal role, the
# council above all, reads the published view with small cells hidden, as on the public report page
EXACT_FIGURES = (Role.FEEDBACK_OFFICER, Role.FRONT_DESK)


class SummaryApi(APIView):
    """The period's feedback figures. ``to`` is exclusive. Exact for the feedback staff and the head of
    service; for other municipal roles (council members) small cells are hidden (null), as published."""

    permission_classes = (HasRole.of(*MUNICIPALITY_ROLES),)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", datetime.date, required=True, description="first day, YYYY-MM-DD"),
            OpenApiParameter(
                "to", datetime.date, required=True, description="day after the period, YYYY-MM-DD"
            ),
        ],
        responses={200: dict},
    )
    def get(self, request):
        params = SummaryInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        figures = feedback_summary(
            date_from=params.validated_data["from"], date_to=params.validated_data["to"]
        )
        if not has_role(request.user, *EXACT_FIGURES):
            figures = public_figures(figures, settings_get().suppression_threshold)
        return ApiResponse(figures)


class FormDefinitionApi(APIView):
    """A form's current questions and the services to choose from (public, no login)."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(responses={200: dict})
    def get(self, request, code: str):
        form = get_object_or_404(Form, code=code, is_active=True)
        version = current_version(form)
        return ApiResponse(
            {
                "code": form.code,
                "version": version.number,
                "title_ka": form.title_ka,
                "title_en": form.title_en,
                "asks_service": form.asks_service,
                "services": [
                    {"code": s.code, "name_ka": s.name_ka, "name_en": s.name_en} for s in service_choices()
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
        if is_ratelimited(
            request, group="feedback-submit", key="ip", rate=submit_rate(), method="POST", increment=True
        ):
            return ApiResponse(
                {"detail": "too many submissions, try later"}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        if not isinstance(request.data, dict):
            return ApiResponse(
                {"non_field_errors": ["expected a JSON object"]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            services.response_submit(
                version=current_version(form),
                channel=Channel.ONLINE,
                data=dict(request.data),
                submitted_on=services.today(),
            )
        except ValidationError as exc:
            return ApiResponse(
                {k: [v] for k, v in error_dict(exc).items()}, status=status.HTTP_400_BAD_REQUEST
            )
        return ApiResponse({"status": "recorded"}, status=status.HTTP_201_CREATED)


class ReportSerializer(serializers.ModelSerializer):
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
        reports = Report.objects.order_by("-period_from")
        return ApiResponse(ReportSerializer(reports, many=True).data)
