"""The API accepts the query parameters its OpenAPI schema documents, and answers 400 to any other.

One mechanism for every API view of both sides: DRF's content negotiation (installed as
REST_FRAMEWORK["DEFAULT_CONTENT_NEGOTIATION_CLASS"]), the step that already reads the query string for
``?format=``, asks drf-spectacular which query parameters the view's operation documents (its
``extend_schema`` parameters, filters, pagination and format parameter: the source the schema itself is
generated from, so the two cannot drift apart). A misspelt filter (``?stauts=approved``) is refused by
name instead of silently answering the unfiltered list.

This module is imported while DRF defines ``APIView``: drf-spectacular is imported only when first used.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation


@functools.cache
def documented_query_parameters(urlconf: str) -> dict[tuple[type, str], frozenset[str]]:
    """{(view class, method): names of the query parameters its operation documents} for every operation
    of ``urlconf``'s schema, worked out as drf-spectacular generates the schema, once a process. Views the
    schema leaves out (the schema and docs pages themselves) are not listed."""
    from drf_spectacular.plumbing import ComponentRegistry
    from drf_spectacular.settings import spectacular_settings

    generator = spectacular_settings.DEFAULT_GENERATOR_CLASS(urlconf=urlconf)
    generator._initialise_endpoints()
    registry = ComponentRegistry()
    found: dict[tuple[type, str], frozenset[str]] = {}
    for path, path_regex, method, view in generator._get_paths_and_endpoints():
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        operation = view.schema.get_operation(path, path_regex, "^/", method, registry)
        if operation is not None:
            found[(type(view), method)] = frozenset(
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter["in"] == "query"
            )
    return found


class DocumentedParametersOnly(DefaultContentNegotiation):
    """DRF's content negotiation, which also refuses a query parameter the view's operation does not
    document: a 400 keyed by the parameter's name (through errors.api_exception_handler)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        chosen = super().select_renderer(request, renderers, format_suffix)
        view = (request.parser_context or {}).get("view")
        urlconf = getattr(request._request, "urlconf", None) or settings.ROOT_URLCONF
        allowed = documented_query_parameters(urlconf).get((type(view), request.method))
        unknown = sorted(set(request.query_params) - allowed) if allowed is not None else []
        if unknown:
            accepted = ", ".join(sorted(allowed or ())) or gettext("none")
            raise exceptions.ValidationError(
                {
                    name: [
                        gettext("Unknown parameter “%(name)s”. This address accepts: %(accepted)s.")
                        % {"name": name, "accepted": accepted}
                    ]
                    for name in unknown
                }
            )
        return chosen
