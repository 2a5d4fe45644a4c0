"""Helpers every staff page uses: who may open which page, the role decorator and form error mapping."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from municipal_platform.roles import Role, has_role

from ..forms_input import error_dict

COLLECTORS = (Role.FRONT_DESK, Role.FEEDBACK_OFFICER)
OFFICER = (Role.FEEDBACK_OFFICER,)

# Who may open each page: the views check these tuples and the sub-menu shows a link only to them
# (one source of truth, so no link leads to a 403).
PAGE_ROLES: dict[str, tuple[str, ...]] = {
    "home": COLLECTORS,
    "batch_list": COLLECTORS,
    "registry": COLLECTORS,
    "comments": OFFICER,
    "themes": OFFICER,
    "report_list": (*COLLECTORS, Role.COUNCIL_MEMBER),
    "report_pdf": OFFICER,
    "meeting_list": (Role.FEEDBACK_OFFICER, Role.COUNCIL_MEMBER),
    "invitations": OFFICER,
    "import": OFFICER,
    "settings": (Role.HEAD_OF_SERVICE,),
}


def may_open(user, page: str) -> bool:
    return has_role(user, *PAGE_ROLES[page])


def roles(*allowed: str):
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def apply_errors(form, exc: ValidationError) -> None:
    for field, message in error_dict(exc).items():
        form.add_error(field if field in form.fields else None, message)
