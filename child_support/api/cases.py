"""API of the cases themselves: the list, opening a case, one case's details, closing, reopening and
transferring it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.accounts.models import User
from municipal_platform.roles import require_role
from programmes.models import Household, Person

from .. import services, visibility
from ..models import Case, CaseChild
from ._common import (
    CASE_READERS,
    CASE_WRITERS,
    HEAD,
    CaseDetailOutput,
    CaseListOutput,
    Pagination,
    case_detail_queryset,
    case_list,
    case_summary,
    may_change,
)


class ChildInput(serializers.Serializer):
    person = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A person already in the register; otherwise give the child's name, number, birth date and sex.",
    )
    first_name = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    personal_number = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Person.Sex.choices, required=False, allow_blank=True)
    disability = serializers.ChoiceField(
        choices=CaseChild.Disability.choices, required=False, default=CaseChild.Disability.NONE
    )
    autism_diagnosis = serializers.BooleanField(required=False, default=False)
    orphan = serializers.ChoiceField(
        choices=CaseChild.Orphan.choices, required=False, default=CaseChild.Orphan.NO
    )
    schooling = serializers.ChoiceField(choices=CaseChild.Schooling.choices)
    institution = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class HouseholdInput(serializers.Serializer):
    settlement = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


def _child(data: dict) -> dict:
    """A child row as `services.case_open` takes it: an existing person, or the person's details."""
    child = {k: v for k, v in data.items() if k != "person"}
    if data.get("person") is not None:
        child = {
            k: child[k] for k in ("disability", "autism_diagnosis", "orphan", "schooling", "institution")
        }
        child["person"] = Person.objects.filter(pk=data["person"]).first()
        if child["person"] is None:
            raise serializers.ValidationError({"children": [_("No such person in the register.")]})
    return child


class CaseListApi(APIView):
    """The cases the user may read, exactly `visibility.cases_visible_to` (another worker's case is not
    listed), and opening a new case.

    The list shows each case's number, status, worker, dates and number of children, never a child's
    name or a detail of the family, so listing is not a read of any case's details and writes no audit
    row; the detail (and every GET under a case) is such a read and writes one.
    """

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Case.Status.choices, required=False)
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)

    class InputSerializer(serializers.Serializer):
        source = serializers.ChoiceField(choices=Case.Source.choices)
        source_detail = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
        opened_on = serializers.DateField()
        household = serializers.IntegerField(
            required=False, allow_null=True, help_text="An existing household of the register."
        )
        household_data = HouseholdInput(required=False, allow_null=True, help_text="A new household.")
        assigned_worker = serializers.PrimaryKeyRelatedField(
            queryset=User.objects.filter(is_active=True),
            required=False,
            allow_null=True,
            help_text="The head of service assigns a worker; a social worker's case is their own.",
        )
        children = ChildInput(many=True)

    pagination_class = Pagination

    def get_permissions(self):
        return [CASE_READERS()] if self.request.method == "GET" else [CASE_WRITERS()]

    @extend_schema(
        summary="The cases the user may read (filtered, paginated; no child's details)",
        parameters=[FilterSerializer],
        responses=CaseListOutput(many=True),
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        cases = case_list(request.user, **f.validated_data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(CaseListOutput(page, many=True).data)

    @extend_schema(
        summary="Open a case for a household and its children (social worker, head of service)",
        request=InputSerializer,
        responses={201: CaseListOutput},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        household = None
        if values.get("household") is not None:
            household = Household.objects.filter(pk=values["household"]).first()
            if household is None:
                raise serializers.ValidationError({"household": [_("No such household in the register.")]})
        case = services.case_open(
            actor=request.user,
            source=values["source"],
            source_detail=values["source_detail"],
            opened_on=values["opened_on"],
            household=household,
            household_data=dict(values["household_data"]) if values.get("household_data") else None,
            assigned_worker=values.get("assigned_worker"),
            children=[_child(dict(child)) for child in values["children"]],
        )
        return Response(case_summary(case), status=status.HTTP_201_CREATED)


class CaseDetailApi(APIView):
    """One case with its children, latest assessment, active plan, aid totals and referrals: a read of
    the case, written to its audit trail; 404 for anyone the access rule does not let read it."""

    @extend_schema(summary="One case (written to the case's audit trail)", responses=CaseDetailOutput)
    def get(self, request, pk: int):
        case = visibility.case_read(request.user, pk, what="api:case_detail", queryset=case_detail_queryset())
        return Response(CaseDetailOutput(case).data)


class CaseCloseApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=Case.CloseReason.choices)
        closed_on = serializers.DateField()
        note = serializers.CharField(
            required=False,
            default="",
            allow_blank=True,
            help_text="Required while referrals of the case are still in progress.",
        )

    @extend_schema(summary="Close the case with a reason", request=InputSerializer, responses=CaseListOutput)
    def post(self, request, pk: int):
        may_change(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_close(actor=request.user, case_id=pk, **data.validated_data)
        return Response(case_summary(case))


class CaseReopenApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField()

    @extend_schema(
        summary="Reopen a closed case (back to the step it had reached)",
        request=InputSerializer,
        responses=CaseListOutput,
    )
    def post(self, request, pk: int):
        may_change(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_reopen(actor=request.user, case_id=pk, **data.validated_data)
        return Response(case_summary(case))


class CaseTransferApi(APIView):
    class InputSerializer(serializers.Serializer):
        worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
        reason = serializers.CharField()

    @extend_schema(
        summary="Transfer the case to another social worker (head of service)",
        request=InputSerializer,
        responses=CaseListOutput,
    )
    def post(self, request, pk: int):
        may_change(request.user, pk)
        require_role(request.user, *HEAD)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_transfer(actor=request.user, case_id=pk, **data.validated_data)
        return Response(case_summary(case))
