"""API of a person's data request (head of service): the copy (JSON, PDF) and erasure."""

from __future__ import annotations

import json

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ._common import HEAD, _found


class PersonDataApi(APIView):
    permission_classes = [HEAD]

    @extend_schema(
        summary="Everything held about a person (the copy handed to them); recorded in their history",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, pk: int):
        person = _found(selectors.person_get, pk=pk)
        return Response(
            json.loads(services.person_data_export(actor=request.user, person=person, fmt="json"))
        )


class PersonDataPdfApi(APIView):
    permission_classes = [HEAD]

    @extend_schema(
        summary="The same copy as a PDF; recorded in the person's history",
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, pk: int):
        person = _found(selectors.person_get, pk=pk)
        content = services.person_data_export(actor=request.user, person=person, fmt="pdf")
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-data.pdf"'
        return response


class PersonEraseApi(APIView):
    permission_classes = [HEAD]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=1000)

    @extend_schema(
        summary="Erase the person's data where the law allows; answers what was removed, what is kept and why",
        request=InputSerializer,
        responses=inline_serializer(
            "PersonErasure",
            {
                "removed": serializers.ListField(child=serializers.CharField()),
                "kept": serializers.ListField(child=serializers.CharField()),
                "reason_kept": serializers.CharField(),
            },
        ),
    )
    def post(self, request, pk: int):
        person = _found(selectors.person_get, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.person_erase(actor=request.user, person=person, reason=data.validated_data["reason"])
        return Response({"removed": plan.removed, "kept": plan.kept, "reason_kept": plan.reason_kept})
