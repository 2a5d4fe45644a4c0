"""Municipality registry over the API (public schema, platform administrators)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import HasRole, Role

from .selectors import municipality_list
from .services import municipality_create


class MunicipalityOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    schema_name = serializers.CharField()
    name_ka = serializers.CharField()
    name_en = serializers.CharField()
    region = serializers.CharField()
    is_active = serializers.BooleanField()
    domains = serializers.SerializerMethodField()
    population = serializers.IntegerField(allow_null=True)
    area_km2 = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)

    def get_domains(self, obj) -> list[str]:
        return [d.domain for d in obj.domains.all()]


class MunicipalityListCreateApi(APIView):
    permission_classes = [HasRole.of(Role.PLATFORM_ADMIN)]

    class InputSerializer(serializers.Serializer):
        slug = serializers.CharField(max_length=40)
        name_ka = serializers.CharField(max_length=200)
        name_en = serializers.CharField(max_length=200)
        region = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        head_username = serializers.CharField(max_length=150, required=False, default="head")
        head_email = serializers.EmailField(required=False, allow_blank=True, default="")

    class CreatedSerializer(MunicipalityOutputSerializer):
        head_username = serializers.CharField()
        head_password = serializers.CharField()

    @extend_schema(responses=MunicipalityOutputSerializer(many=True), summary="List municipalities")
    def get(self, request):
        return Response(MunicipalityOutputSerializer(municipality_list(), many=True).data)

    @extend_schema(
        request=InputSerializer, responses={201: CreatedSerializer}, summary="Provision a municipality"
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = municipality_create(**data.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        payload = MunicipalityOutputSerializer(result.municipality).data
        payload.update(head_username=result.head_username, head_password=result.head_password)
        return Response(payload, status=status.HTTP_201_CREATED)
