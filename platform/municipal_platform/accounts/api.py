"""The signed-in user's identity over the API (both sides)."""

from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import user_roles


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
            "schema": connection.schema_name,
        }
        return Response(self.OutputSerializer(data).data)
