"""What every child-support API view shares: the case gate, pagination and the output shapes.

Who reads a case is decided by `child_support.visibility` alone. A view under a case either reads it
with `visibility.case_read` (404 for anyone who may not read it, one audit row per read) or, to change
it, asks `may_change` first (404 for anyone who may not change it, before the body is even validated)
and then calls one service, which locks the case and writes the change's history and audit rows.
A service's ValidationError becomes a 400 keyed by field in ``municipal_platform.errors``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from municipal_platform.roles import HasRole, Role

from .. import visibility
from ..models import (
    Assessment,
    AssessmentNeed,
    Case,
    CaseChild,
    Plan,
    PlanAction,
    Provision,
    ProvisionItem,
    Referral,
    Review,
    ReviewMember,
)

# The case list: the workers (their own cases), the head of service (every case) and commission members
# (the cases on the agenda of a meeting they sit in, while it is open).
CASE_READERS = HasRole.of(Role.SOCIAL_WORKER, Role.COMMISSION_MEMBER)
CASE_WRITERS = HasRole.of(Role.SOCIAL_WORKER)
HEAD = (Role.HEAD_OF_SERVICE,)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def may_change(user, pk) -> None:
    """404 unless ``user`` may change case ``pk`` (the same rule the services lock the case with), so a
    case that is not theirs answers the same whatever the body holds."""
    if not visibility.can_change(user, pk):
        raise Http404


def case_list(user, *, status: str | None = None, year: int | None = None) -> QuerySet[Case]:
    """Exactly the cases ``user`` may read (`visibility.cases_visible_to`), newest number first, with the
    worker and the number of children in the same query."""
    cases = visibility.cases_visible_to(user).select_related("assigned_worker")
    if status:
        cases = cases.filter(status=status)
    if year:
        cases = cases.filter(year=year)
    return cases.annotate(children_count=Count("children")).order_by("-year", "-sequence")


# --- output shapes -----------------------------------------------------------------------------------------


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


class CaseListOutput(serializers.ModelSerializer):
    """A case as the list shows it: its number, status, worker and dates, never a child's name."""

    number = serializers.CharField(read_only=True)
    assigned_worker_name = serializers.SerializerMethodField()
    children_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "year",
            "status",
            "source",
            "opened_on",
            "closed_on",
            "close_reason",
            "assigned_worker",
            "assigned_worker_name",
            "children_count",
        ]

    def get_assigned_worker_name(self, obj) -> str:
        return _name(obj.assigned_worker)


def case_summary(case: Case) -> dict:
    """The list's shape of one case, counted (the answer to a change: no child's details, no read)."""
    case.children_count = case.children.count()  # type: ignore[attr-defined]
    return dict(CaseListOutput(case).data)


class ChildOutput(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    first_name = serializers.CharField(source="person.first_name")
    last_name = serializers.CharField(source="person.last_name")
    personal_number = serializers.CharField(source="person.personal_number")
    birth_date = serializers.DateField(source="person.birth_date", allow_null=True)
    sex = serializers.CharField(source="person.sex")

    class Meta:
        model = CaseChild
        fields = [
            "id",
            "person",
            "first_name",
            "last_name",
            "personal_number",
            "birth_date",
            "sex",
            "disability",
            "autism_diagnosis",
            "orphan",
            "schooling",
            "institution",
        ]


class NeedOutput(serializers.ModelSerializer):
    class Meta:
        model = AssessmentNeed
        fields = ["domain", "severity", "note"]


class AssessmentOutput(serializers.ModelSerializer):
    needs = NeedOutput(many=True, read_only=True)
    assessed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "kind",
            "assessed_on",
            "assessed_by",
            "assessed_by_name",
            "findings",
            "risk_level",
            "needs",
        ]

    def get_assessed_by_name(self, obj) -> str:
        return _name(obj.assessed_by)


class ReviewMemberOutput(serializers.ModelSerializer):
    class Meta:
        model = ReviewMember
        fields = ["user", "name", "role"]


class ReviewOutput(serializers.ModelSerializer):
    members = ReviewMemberOutput(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "assessment", "held_on", "conclusion", "recorded_by", "members"]


class PlanActionOutput(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "what", "responsible", "due_on", "done_on"]


class PlanOutput(serializers.ModelSerializer):
    actions = PlanActionOutput(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "version",
            "review",
            "term",
            "goals",
            "next_review_on",
            "status",
            "written_by",
            "written_at",
            "approved_by",
            "approved_on",
            "approved_own",
            "actions",
        ]


class ProvisionItemOutput(serializers.ModelSerializer):
    class Meta:
        model = ProvisionItem
        fields = ["name", "quantity", "unit_value", "total"]


class ProvisionOutput(serializers.ModelSerializer):
    items = ProvisionItemOutput(many=True, read_only=True)

    class Meta:
        model = Provision
        fields = [
            "id",
            "category",
            "budget_line",
            "delivered_on",
            "handed_over_by",
            "received_by",
            "total",
            "recorded_by",
            "items",
        ]


class ReferralOutput(serializers.ModelSerializer):
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "direction",
            "child",
            "target",
            "reason",
            "referred_on",
            "status",
            "status_reason",
            "outcome",
            "is_violence",
            "consent",
            "override_by",
            "override_reason",
            "budget_line",
            "monthly_cost",
            "months",
            "trips",
            "amount",
            "capacity",
            "enrolled_on",
            "attendance_days",
            "cost",
        ]


class AidCategoryOutput(serializers.Serializer):
    category = serializers.ChoiceField(choices=Provision.Category.choices)
    provisions = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2)


class AidTotalsOutput(serializers.Serializer):
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    by_category = AidCategoryOutput(many=True)


class HouseholdOutput(serializers.Serializer):
    id = serializers.IntegerField()
    settlement = serializers.CharField()
    address = serializers.CharField()


class CaseDetailOutput(CaseListOutput):
    """Everything the API tells about one case (a read: written to the case's audit trail)."""

    household = HouseholdOutput()
    children = ChildOutput(many=True, read_only=True)
    latest_assessment = serializers.SerializerMethodField()
    active_plan = serializers.SerializerMethodField()
    aid = serializers.SerializerMethodField()
    referrals = ReferralOutput(many=True, read_only=True)

    class Meta(CaseListOutput.Meta):
        fields = [
            *CaseListOutput.Meta.fields,
            "source_detail",
            "close_note",
            "restricted",
            "household",
            "children",
            "latest_assessment",
            "active_plan",
            "aid",
            "referrals",
        ]

    @extend_schema_field(AssessmentOutput(allow_null=True))
    def get_latest_assessment(self, obj) -> dict | None:
        latest = next(iter(obj.assessments.all()), None)  # newest first (the model's ordering)
        return AssessmentOutput(latest).data if latest is not None else None

    @extend_schema_field(PlanOutput(allow_null=True))
    def get_active_plan(self, obj) -> dict | None:
        active = next((p for p in obj.plans.all() if p.status == Plan.Status.APPROVED), None)
        return PlanOutput(active).data if active is not None else None

    @extend_schema_field(AidTotalsOutput)
    def get_aid(self, obj) -> dict:
        rows = list(
            Provision.objects.filter(case=obj)
            .values("category")
            .annotate(provisions=Count("id"), total=Sum("total"))
            .order_by("category")
        )
        total = sum((row["total"] for row in rows), Decimal("0"))
        return dict(AidTotalsOutput({"total": total, "by_category": rows}).data)


def case_detail_queryset() -> QuerySet[Case]:
    """One case with what its API detail shows, in a fixed number of queries."""
    return (
        Case.objects.select_related("assigned_worker", "household")
        .prefetch_related(
            "children__person",
            "assessments__needs",
            "assessments__assessed_by",
            "plans__actions",
            "referrals",
        )
        .annotate(children_count=Count("children", distinct=True))
    )
