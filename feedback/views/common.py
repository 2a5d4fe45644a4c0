"""What every staff page shares: who may open which page, and a service's refusal as a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from municipal_platform.errors import service_error_dict
from municipal_platform.roles import Role, has_role

from ..services import COLLECTORS

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


def message_service_error(request, exc: ValidationError) -> None:
    """For a button with no form to show errors on (approve, close a batch...): the service's messages at
    the top of the page it redirects to."""
    messages.error(request, " ".join(m for ms in service_error_dict(exc).values() for m in ms))
