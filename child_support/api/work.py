"""API of the case work: assessments, interdisciplinary reviews and the versioned action plans.

Every GET here is a read of the case (its audit trail gets a row); every POST calls one service, which
writes the change's history and audit rows.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.accounts.models import User
from municipal_platform.roles import require_role

from .. import services, visibility
from ..models import Assessment, AssessmentNeed, Case, Plan, PlanAction
from ._common import HEAD, AssessmentOutput, PlanActionOutput, PlanOutput, ReviewOutput, may_change


def _read(request, pk: int, what: str, *prefetch: str) -> Case:
    return visibility.case_read(
        request.user, pk, what=what, queryset=Case.objects.prefetch_related(*prefetch)
    )


class NeedInput(serializers.Serializer):
    severity = serializers.ChoiceField(choices=AssessmentNeed.Severity.choices)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class AssessmentListApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=Assessment.Kind.choices, required=False, default=Assessment.Kind.ASSESSMENT
        )
        assessed_on = serializers.DateField()
        findings = serializers.CharField()
        needs = serializers.DictField(
            child=NeedInput(),
            help_text="Severity (0-3) and a note per domain (housing, food, health, development, education, "
            "safety, income, care): all eight for an assessment, at least one for a screening.",
        )

        def validate_needs(self, needs: dict) -> dict:
            unknown = sorted(set(needs) - set(AssessmentNeed.Domain.values))
            if unknown:
                raise serializers.ValidationError(
                    _("Unknown domain: %(names)s. The domains are: %(domains)s.")
                    % {"names": ", ".join(unknown), "domains": ", ".join(AssessmentNeed.Domain.values)}
                )
            return needs

    @extend_schema(
        summary="The case's assessments and screenings, newest first", responses=AssessmentOutput(many=True)
    )
    def get(self, request, pk: int):
        case = _read(request, pk, "api:assessments", "assessments__needs", "assessments__assessed_by")
        return Response(AssessmentOutput(case.assessments.all(), many=True).data)

    @extend_schema(
        summary="Record an assessment or a needs screening (the risk level follows from the needs)",
        request=InputSerializer,
        responses={201: AssessmentOutput},
    )
    def post(self, request, pk: int):
        may_change(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        assessment = services.assessment_record(
            actor=request.user,
            case_id=pk,
            kind=values["kind"],
            assessed_on=values["assessed_on"],
            findings=values["findings"],
            needs={domain: dict(need) for domain, need in values["needs"].items()},
        )
        # the answer lists the needs as stored: their notes are sealed, opened as a read
        prefetch_related_objects([assessment], "needs")
        visibility.open_texts(request.user, assessment.needs.all(), purpose="api:assessment_record")
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)


class ReviewMemberInput(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="A member of staff; leave empty for an outside specialist.",
    )
    name = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        help_text="Empty: the staff member's name.",
    )
    role = serializers.CharField(max_length=200)


class ReviewListApi(APIView):
    class InputSerializer(serializers.Serializer):
        assessment_id = serializers.IntegerField(help_text="The assessment the group reviewed.")
        held_on = serializers.DateField()
        conclusion = serializers.CharField()
        members = ReviewMemberInput(many=True)

    @extend_schema(
        summary="The case's interdisciplinary reviews, newest first", responses=ReviewOutput(many=True)
    )
    def get(self, request, pk: int):
        case = _read(request, pk, "api:reviews", "reviews__members")
        return Response(ReviewOutput(case.reviews.all(), many=True).data)

    @extend_schema(
        summary="Record an interdisciplinary review of an assessment",
        request=InputSerializer,
        responses={201: ReviewOutput},
    )
    def post(self, request, pk: int):
        may_change(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        review = services.review_record(
            actor=request.user,
            case_id=pk,
            assessment_id=values["assessment_id"],
            held_on=values["held_on"],
            conclusion=values["conclusion"],
            members=[dict(member) for member in values["members"]],
        )
        return Response(ReviewOutput(review).data, status=status.HTTP_201_CREATED)


class PlanActionInput(serializers.Serializer):
    what = serializers.CharField(max_length=500)
    responsible = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class PlanListApi(APIView):
    class InputSerializer(serializers.Serializer):
        review_id = serializers.IntegerField(help_text="The review the plan comes from.")
        term = serializers.ChoiceField(choices=Plan.Term.choices)
        goals = serializers.CharField(allow_blank=True)
        next_review_on = serializers.DateField()
        actions = PlanActionInput(many=True)

    @extend_schema(
        summary="Every version of the case's action plan, newest first", responses=PlanOutput(many=True)
    )
    def get(self, request, pk: int):
        case = _read(request, pk, "api:plans", "plans__actions")
        return Response(PlanOutput(case.plans.all(), many=True).data)

    @extend_schema(
        summary="Write a new version of the plan (waits for the head of service's approval)",
        request=InputSerializer,
        responses={201: PlanOutput},
    )
    def post(self, request, pk: int):
        may_change(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        plan = services.plan_write(
            actor=request.user,
            case_id=pk,
            review_id=values["review_id"],
            term=values["term"],
            goals=values["goals"],
            next_review_on=values["next_review_on"],
            actions=[dict(action) for action in values["actions"]],
        )
        return Response(PlanOutput(plan).data, status=status.HTTP_201_CREATED)


class PlanApproveApi(APIView):
    @extend_schema(
        summary="Approve a plan version (head of service); the earlier approved version is superseded",
        request=None,
        responses=PlanOutput,
    )
    def post(self, request, pk: int):
        case_id = Plan.objects.filter(pk=pk).values_list("case_id", flat=True).first()
        may_change(request.user, case_id)
        require_role(request.user, *HEAD)
        plan = services.plan_approve(actor=request.user, plan_id=pk)
        return Response(PlanOutput(plan).data)


class PlanActionDoneApi(APIView):
    class InputSerializer(serializers.Serializer):
        done_on = serializers.DateField()

    @extend_schema(
        summary="Mark an action of the approved plan done",
        request=InputSerializer,
        responses=PlanActionOutput,
    )
    def post(self, request, pk: int):
        may_change(
            request.user, PlanAction.objects.filter(pk=pk).values_list("plan__case_id", flat=True).first()
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = services.plan_action_done(actor=request.user, action_id=pk, **data.validated_data)
        return Response(PlanActionOutput(action).data)
