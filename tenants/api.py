"""Municipality registry over the API (public schema, platform administrators): list, provision, suspend,
resume, and delete a trial municipality."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_platform.roles import HasRole, Role

from . import selectors, services

PLATFORM_ADMIN = HasRole.of(Role.PLATFORM_ADMIN)


class MunicipalityOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    schema_name = serializers.CharField()
    name_ka = serializers.CharField()
    name_en = serializers.CharField()
    region = serializers.CharField()
    is_active = serializers.BooleanField()
    is_trial = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    domains = serializers.SerializerMethodField()
    population = serializers.IntegerField(allow_null=True)
    area_km2 = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)

    def get_domains(self, obj) -> list[str]:
        return [d.domain for d in obj.domains.all()]


class MunicipalityListCreateApi(APIView):
    permission_classes = [PLATFORM_ADMIN]

    class InputSerializer(serializers.Serializer):
        slug = serializers.CharField(max_length=40)
        name_ka = serializers.CharField(max_length=200)
        name_en = serializers.CharField(max_length=200)
        region = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        is_trial = serializers.BooleanField(required=False, default=False)
        head_username = serializers.CharField(max_length=150, required=False, default="head")
        head_first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
        head_last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
        # Required by the service (which names it), so a bad slug is still reported first.
        head_email = serializers.EmailField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Required: the first head of service is invited at this address to set a password.",
        )

    class CreatedSerializer(MunicipalityOutputSerializer):
        head_username = serializers.CharField()
        head_invited_at = serializers.EmailField(help_text="Where the invitation to set a password was sent.")

    @extend_schema(responses=MunicipalityOutputSerializer(many=True), summary="List municipalities")
    def get(self, request):
        return Response(MunicipalityOutputSerializer(selectors.municipality_list(), many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: CreatedSerializer},
        summary="Provision a municipality; its first head of service is invited by e-mail to set a password",
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.municipality_create(actor=request.user, invite_head=True, **data.validated_data)
        payload = dict(MunicipalityOutputSerializer(result.municipality).data)
        payload.update(head_username=result.head.username, head_invited_at=result.head.email)
        return Response(payload, status=status.HTTP_201_CREATED)


class MunicipalityDetailApi(APIView):
    permission_classes = [PLATFORM_ADMIN]

    @extend_schema(responses=MunicipalityOutputSerializer, summary="One municipality")
    def get(self, request, slug: str):
        return Response(MunicipalityOutputSerializer(selectors.municipality_get(slug=slug)).data)


class MunicipalitySuspendApi(APIView):
    permission_classes = [PLATFORM_ADMIN]

    @extend_schema(
        request=None,
        responses=MunicipalityOutputSerializer,
        summary="Suspend a municipality: its site answers only a 'suspended' page (503)",
    )
    def post(self, request, slug: str):
        municipality = services.municipality_set_active(
            actor=request.user, municipality=selectors.municipality_get(slug=slug), active=False
        )
        return Response(MunicipalityOutputSerializer(municipality).data)


class MunicipalityResumeApi(APIView):
    permission_classes = [PLATFORM_ADMIN]

    @extend_schema(
        request=None, responses=MunicipalityOutputSerializer, summary="Resume a suspended municipality"
    )
    def post(self, request, slug: str):
        municipality = services.municipality_set_active(
            actor=request.user, municipality=selectors.municipality_get(slug=slug), active=True
        )
        return Response(MunicipalityOutputSerializer(municipality).data)


class MunicipalityDeleteApi(APIView):
    permission_classes = [PLATFORM_ADMIN]

    class InputSerializer(serializers.Serializer):
        confirm_slug = serializers.CharField(help_text="The municipality's slug typed again, to confirm.")

    class OutputSerializer(serializers.Serializer):
        deleted = serializers.CharField(help_text="The slug of the deleted municipality.")
        export = serializers.CharField(help_text="Path of the zip its data was exported to before deletion.")

    @extend_schema(
        request=InputSerializer,
        responses=OutputSerializer,
        summary="Delete a trial municipality (never one with contest submissions); its data is exported first",
    )
    def post(self, request, slug: str):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        path = services.municipality_delete(
            actor=request.user,
            municipality=selectors.municipality_get(slug=slug),
            confirm_slug=data.validated_data["confirm_slug"],
        )
        return Response({"deleted": slug, "export": str(path)})
