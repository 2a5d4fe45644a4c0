"""API of what the family gets: in-kind provisions (capped per family and year) and referrals.

Every GET here is a read of the case (its audit trail gets a row); every POST calls one service, which
writes the change's history and audit rows.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services, visibility
from ..models import Case, Provision, Referral
from ._common import ProvisionOutput, ReferralOutput, may_change

MONEY = {"max_digits": 12, "decimal_places": 2}


class ProvisionItemInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    unit_value = serializers.DecimalField(**MONEY, min_value=0)


class ProvisionListApi(APIView):
    class InputSerializer(serializers.Serializer):
        category = serializers.ChoiceField(choices=Provision.Category.choices)
        budget_line = serializers.IntegerField(help_text="The programmes budget line the aid spends.")
        delivered_on = serializers.DateField()
        handed_over_by = serializers.CharField(max_length=200)
        received_by = serializers.CharField(max_length=200)
        items = ProvisionItemInput(many=True)

    @extend_schema(
        summary="The in-kind aid given in the case, newest first", responses=ProvisionOutput(many=True)
    )
    def get(self, request, pk: int):
        case = visibility.case_read(
            request.user,
            pk,
            what="api:provisions",
            queryset=Case.objects.prefetch_related("provisions__items"),
        )
        return Response(ProvisionOutput(case.provisions.all(), many=True).data)

    @extend_schema(
        summary="Record in-kind aid delivered (refused over the family's yearly cap, saying what remains)",
        request=InputSerializer,
        responses={201: ProvisionOutput},
    )
    def post(self, request, pk: int):
        may_change(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        provision = services.provision_record(
            actor=request.user,
            case_id=pk,
            category=values["category"],
            budget_line_id=values["budget_line"],
            delivered_on=values["delivered_on"],
            handed_over_by=values["handed_over_by"],
            received_by=values["received_by"],
            items=[dict(item) for item in values["items"]],
        )
        return Response(ProvisionOutput(provision).data, status=status.HTTP_201_CREATED)


class ReferralListApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Referral.Kind.choices)
        target = serializers.CharField(
            max_length=300, allow_blank=True, help_text="Where the child or family is referred."
        )
        referred_on = serializers.DateField()
        child = serializers.IntegerField(required=False, allow_null=True, help_text="A child of the case.")
        direction = serializers.ChoiceField(
            choices=Referral.Direction.choices, required=False, default=Referral.Direction.OUTGOING
        )
        reason = serializers.CharField(required=False, default="", allow_blank=True)
        is_violence = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Urgent; needs no consent; the head of service is told at once and the case is "
            "restricted to its worker and the head of service for good.",
        )
        consent = serializers.IntegerField(
            required=False,
            allow_null=True,
            help_text="The guardian's recorded consent (purpose: referral), needed for an external referral.",
        )
        override_reason = serializers.CharField(
            required=False,
            default="",
            allow_blank=True,
            help_text="The head of service's reason to refer without the guardian's consent.",
        )
        budget_line = serializers.IntegerField(
            required=False, allow_null=True, help_text="The budget line an internal referral spends."
        )
        monthly_cost = serializers.DecimalField(**MONEY, required=False, allow_null=True, min_value=0)
        months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=120)
        trips = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1000)
        amount = serializers.DecimalField(**MONEY, required=False, allow_null=True, min_value=0)
        capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000)
        enrolled_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(summary="The case's referrals, newest first", responses=ReferralOutput(many=True))
    def get(self, request, pk: int):
        # prefetched, so `case_read` opens their sealed texts with the read
        case = visibility.case_read(
            request.user, pk, what="api:referrals", queryset=Case.objects.prefetch_related("referrals")
        )
        return Response(ReferralOutput(case.referrals.all(), many=True).data)

    @extend_schema(
        summary="Refer the child or family to a service (external: the guardian's consent or the head's override)",
        request=InputSerializer,
        responses={201: ReferralOutput},
    )
    def post(self, request, pk: int):
        may_change(request.user, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        # the service takes ids under *_id names; its messages name the fields as the API does
        ids = {f"{name}_id": values.pop(name, None) for name in ("child", "consent", "budget_line")}
        referral = services.referral_create(actor=request.user, case_id=pk, **values, **ids)
        return Response(ReferralOutput(referral).data, status=status.HTTP_201_CREATED)


class ReferralStatusApi(APIView):
    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Referral.Status.choices)
        reason = serializers.CharField(
            required=False, default="", allow_blank=True, help_text="Required to reject or revoke."
        )
        outcome = serializers.CharField(required=False, default="", allow_blank=True)

    @extend_schema(
        summary="Move a referral on: accepted, rejected (reason), done (outcome) or revoked (reason)",
        request=InputSerializer,
        responses=ReferralOutput,
    )
    def post(self, request, pk: int):
        may_change(request.user, Referral.objects.filter(pk=pk).values_list("case_id", flat=True).first())
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = services.referral_status(actor=request.user, referral_id=pk, **data.validated_data)
        # the answer shows the referral's earlier texts too (its reason...): a read of them
        visibility.open_texts(request.user, [referral], purpose="api:referral_status")
        return Response(ReferralOutput(referral).data)
