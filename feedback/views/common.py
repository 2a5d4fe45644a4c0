"""Helpers every staff page uses: the role decorator and form error mapping."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from municipal_platform.roles import Role, has_role

from ..forms_input import error_dict

COLLECTORS = (Role.FRONT_DESK, Role.FEEDBACK_OFFICER)


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
