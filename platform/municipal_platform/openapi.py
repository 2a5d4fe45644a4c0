"""OpenAPI generation tweaks shared by every app."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

# The answers every API view may give besides its own (municipal_platform/errors.py shapes the 400s).
_ERROR_BODY = {
    "application/json": {
        "schema": {
            "type": "object",
            "description": 'Messages keyed by field ("non_field_errors" or "detail" for the request as a whole).',
            "additionalProperties": True,
        }
    }
}
_ERRORS = {
    "400": (
        "The data or the query parameters are not valid, or a query parameter is not one this operation "
        "lists; the answer names each field or parameter."
    ),
    "401": "Not signed in: no session and no valid `Authorization: Token <token>`.",
    "403": "The user's roles do not allow this.",
    "404": "No such object, or none this user may reach.",
    "429": "Too many attempts; wait and try again.",
}


class AutoSchema(SpectacularAutoSchema):
    """Names nested serializers after their API class, and documents the error answers.

    Our API classes nest their own `InputSerializer` / `OutputSerializer` (HackSoft style); named by
    the inner class alone they would all collide as "Input"/"Output" components.
    """

    def get_serializer_name(self, serializer, direction):
        cls = serializer.__class__
        qualname = cls.__qualname__
        if "." in qualname:
            outer, inner = qualname.rsplit(".", 1)
            outer = outer.split(".")[-1].removesuffix("Api").removesuffix("View")
            return outer + inner.removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400"]
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes += ["401", "403"]
        # an object named in the path, or a page past the last of a paginated list
        if "{" in self.path or (self.method == "GET" and self._get_paginator() is not None):
            codes.append("404")
        if getattr(self.view, "rate_limited", False):
            codes.append("429")
        for code in codes:
            responses.setdefault(code, {"description": _ERRORS[code], "content": _ERROR_BODY})
        return responses
