"""The two e-mails an account receives, both carrying a single-use link to set the password: the
invitation of a new user and a password reset. Georgian first, English second, in one message.

Both go through the outbox (municipal_platform.outbox): the service writes a message naming the user,
in the same transaction as the change, and the relay builds the e-mail when it sends it. The link is
built then and handed straight to the mail backend: it is never logged or stored.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from municipal_platform.links import absolute_url
from municipal_platform.outbox.senders import sender
from municipal_platform.outbox.services import message_enqueue
from municipal_platform.schemas import current_tenant

from .models import User

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"


def set_password_link(user: User) -> str:
    """The single-use link: Django's password-reset token hashes the password and last login, so it
    stops working once the password is set (or the user logs in), and after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("password_set", kwargs={"uidb64": uid, "token": token}))


def send_on_commit(*, user: User, kind: str) -> None:
    """Queue the e-mail in the outbox, in the current transaction and the user's schema: a rolled-back
    invitation sends nothing, and a committed one is sent once even if Redis or a worker is down then."""
    message_enqueue(kind=f"accounts.{kind}", user_id=user.pk)


@sender(f"accounts.{INVITATION}")
def send_invitation(*, user_id: int) -> None:
    _send(user_id=user_id, kind=INVITATION)


@sender(f"accounts.{PASSWORD_RESET}")
def send_password_reset(*, user_id: int) -> None:
    _send(user_id=user_id, kind=PASSWORD_RESET)


def _send(*, user_id: int, kind: str) -> None:
    """Build the message now, in the user's schema, and send it; nothing when the account has been
    deactivated or lost its address since."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return
    site = current_tenant()
    context = {
        "user": user,
        "link": set_password_link(user),
        "site": site,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subjects, bodies = [], []
    for language in ("ka", "en"):
        with translation.override(language):
            context["site_name"] = (site.name_en if language == "en" else site.name_ka) if site else ""
            subjects.append(render_to_string(f"accounts/email/{kind}_subject.txt", context).strip())
            bodies.append(render_to_string(f"accounts/email/{kind}_body.txt", context).strip())
    send_mail(" / ".join(subjects), "\n\n— — —\n\n".join(bodies) + "\n", None, [user.email])
