"""The signed-in user's identity, and the users of this side managed over the API (both sides):
GET/POST /api/v1/staff/, GET/PATCH /api/v1/staff/{id}/, POST /api/v1/staff/{id}/deactivate/ and
/reactivate/. Refusals come from the services and answer 400 keyed by field."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import HasRole, Role, user_roles
from municipal_platform.schemas import current_schema

from . import selectors, services
from .two_factor import has_device, two_factor_remove

# Users are per schema: a head of service exists only in a municipality, a platform administrator only
# on the portal. The services check the side's own manager role again.
IsManager = HasRole.of(Role.HEAD_OF_SERVICE, Role.PLATFORM_ADMIN)


class MeApi(APIView):
    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        full_name = serializers.CharField()
        roles = serializers.ListField(child=serializers.CharField())
        schema = serializers.CharField()

    @extend_schema(responses=OutputSerializer, summary="The signed-in user and their roles")
    def get(self, request):
        user = request.user
        data = {
            "username": user.username,
            "full_name": user.get_full_name(),
            "roles": sorted(user_roles(user)),
            "schema": current_schema(),
        }
        return Response(self.OutputSerializer(data).data)


class StaffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    email = serializers.CharField()
    position = serializers.CharField()
    phone = serializers.CharField()
    roles = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()
    password_set = serializers.BooleanField(source="has_usable_password")
    last_login = serializers.DateTimeField(allow_null=True)
    date_joined = serializers.DateTimeField()

    def get_roles(self, user) -> list[str]:
        return selectors.role_names_of(user)


class StaffEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    action = serializers.CharField()
    changes = serializers.JSONField()


class AssignedItemSerializer(serializers.Serializer):
    name = serializers.CharField(source="label")
    url = serializers.CharField()
    relation = serializers.CharField()


class AssignedWorkSerializer(serializers.Serializer):
    title = serializers.CharField()
    total = serializers.IntegerField()
    items = AssignedItemSerializer(many=True)


class StaffDetailSerializer(StaffSerializer):
    two_factor = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    def get_two_factor(self, user) -> bool:
        """Whether the user has set up two-factor sign-in."""
        return has_device(user)

    assigned_work = serializers.SerializerMethodField()

    @extend_schema(responses=StaffEventSerializer(many=True))
    def get_history(self, user) -> Any:
        return StaffEventSerializer(selectors.user_events(user=user), many=True).data

    @extend_schema(responses=AssignedWorkSerializer(many=True))
    def get_assigned_work(self, user) -> Any:
        return AssignedWorkSerializer(selectors.assigned_work(user=user), many=True).data


def _user_or_404(pk: int):
    user = selectors.user_get(pk=pk)
    if user is None:
        raise Http404
    return user


def _detail(pk: int) -> dict:
    return StaffDetailSerializer(_user_or_404(pk)).data


class StaffListApi(APIView):
    permission_classes = [IsManager]
    # Read by the OpenAPI schema too: the list is documented as pages (count, next, previous, results).
    pagination_class = PageNumberPagination

    class InputSerializer(serializers.Serializer):
        # Blank values reach the service, which says what is missing (in the user's language).
        username = serializers.CharField(max_length=150, allow_blank=True)
        first_name = serializers.CharField(max_length=150, allow_blank=True)
        last_name = serializers.CharField(max_length=150, allow_blank=True)
        email = serializers.CharField(max_length=254, allow_blank=True)
        position = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        roles = serializers.ListField(child=serializers.CharField(), allow_empty=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="only users whose name, username or e-mail has this")
        ],
        responses=StaffSerializer(many=True),
        summary="The users of this side (municipality staff, or the portal's users), active first",
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.user_list(search=request.query_params.get("q", "")), request
        )
        return paginator.get_paginated_response(StaffSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: StaffDetailSerializer},
        summary="Invite a user: they get an e-mail with a single-use link to set their own password",
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_invite(actor=request.user, **data.validated_data)
        return Response(_detail(user.pk), status=status.HTTP_201_CREATED)


class StaffDetailApi(APIView):
    permission_classes = [IsManager]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150, required=False, allow_blank=True)
        first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
        email = serializers.CharField(max_length=254, required=False, allow_blank=True)
        position = serializers.CharField(max_length=200, required=False, allow_blank=True)
        phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
        roles = serializers.ListField(child=serializers.CharField(), required=False, allow_empty=True)
        is_active = serializers.BooleanField(required=False)

    @extend_schema(responses=StaffDetailSerializer, summary="A user with their roles, history and open work")
    def get(self, request, pk: int):
        return Response(_detail(pk))

    @extend_schema(
        request=InputSerializer,
        responses=StaffDetailSerializer,
        summary="Change a user's details, roles or activity (all or nothing)",
    )
    def patch(self, request, pk: int):
        user = _user_or_404(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_change(actor=request.user, user=user, **data.validated_data)
        return Response(_detail(pk))


class StaffDeactivateApi(APIView):
    permission_classes = [IsManager]

    @extend_schema(
        request=None,
        responses=StaffDetailSerializer,
        summary="Deactivate a user: their sessions and API tokens stop working at once",
    )
    def post(self, request, pk: int):
        services.user_deactivate(actor=request.user, user=_user_or_404(pk))
        return Response(_detail(pk))


class StaffReactivateApi(APIView):
    permission_classes = [IsManager]

    @extend_schema(
        request=None, responses=StaffDetailSerializer, summary="Let a deactivated user log in again"
    )
    def post(self, request, pk: int):
        services.user_reactivate(actor=request.user, user=_user_or_404(pk))
        return Response(_detail(pk))


class StaffTwoFactorResetApi(APIView):
    permission_classes = [IsManager]

    @extend_schema(
        request=None,
        responses=StaffDetailSerializer,
        summary="Remove a user's two-factor sign-in (a lost phone): they set it up again at their next login",
    )
    def post(self, request, pk: int):
        two_factor_remove(actor=request.user, user=_user_or_404(pk))
        return Response(_detail(pk))
