"""Template context every page needs: the current municipality (or the association) and the user's roles."""

from django.db import connection
from django_tenants.utils import get_public_schema_name

from .navigation import menu_for
from .roles import ROLE_LABELS, user_roles


def platform(request):
    tenant = getattr(request, "tenant", None)
    roles = user_roles(getattr(request, "user", None))
    return {
        "tenant": tenant,
        "is_public_site": connection.schema_name == get_public_schema_name(),
        "user_role_names": sorted(roles),
        "user_role_labels": [ROLE_LABELS[r] for r in sorted(roles) if r in ROLE_LABELS],
        "menu": menu_for(request),
    }
