"""Small builders for the accounts tests: invite someone and read the link out of their e-mail."""

from __future__ import annotations

import re

from django.core import mail

from municipal_platform.accounts import services
from municipal_platform.roles import Role

STRONG_PASSWORD = "Tkemali-Sauce-2026"


def invite(actor, *, username="nana", roles=(Role.FRONT_DESK,), email=None, **extra):
    data = {
        "first_name": "ნანა",
        "last_name": "კვარაცხელია",
        "email": email or f"{username}@example.ge",
        "position": "",
    }
    data.update(extra)
    return services.user_invite(actor=actor, username=username, roles=roles, **data)


def link_in(message) -> str:
    links = re.findall(r"https?://\S+/accounts/password/\S+/", message.body)
    assert len(set(links)) == 1, message.body
    return links[0]


def last_link() -> str:
    return link_in(mail.outbox[-1])


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)
