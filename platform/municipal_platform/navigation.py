"""The menu and the landing page's cards, per role. Each module adds its entries here as it arrives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from .roles import Role, has_role


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    roles: tuple[str, ...]
    description: str = ""
    side: str = "municipality"  # or "association"
    in_menu: bool = True  # False: only a card on the dashboard
    last: bool = False  # administration (users) after the modules' own entries


ENTRIES: list[Entry] = [
    Entry(_("Dashboard"), "dashboard", tuple(Role), _("Your work at a glance"), side="municipality"),
    Entry(_("Dashboard"), "dashboard", tuple(Role), _("Your work at a glance"), side="association"),
    Entry(
        _("API documentation"),
        "api_docs",
        tuple(Role),
        _("The REST API of this site, with a live console"),
        side="municipality",
        in_menu=False,
    ),
    Entry(
        _("API documentation"),
        "api_docs",
        tuple(Role),
        _("The REST API of this site, with a live console"),
        side="association",
        in_menu=False,
    ),
    # child and family cases (child_support/urls.py)
    Entry(
        _("Cases"),
        "child_support:case_list",
        (Role.SOCIAL_WORKER, Role.HEAD_OF_SERVICE),
        _("Child and family cases: your cases, overdue reviews and plan actions first"),
    ),
    Entry(
        _("Commission"),
        "child_support:meeting_list",
        (Role.COMMISSION_MEMBER,),
        _("Your commission meetings and, while one is in session, the cases on its agenda"),
    ),
    Entry(
        _("Child support results"),
        "child_support:report_yearly",
        (Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER, Role.COUNCIL_MEMBER),
        _("The year's aid, referrals and children served"),
        in_menu=False,
    ),
]


def register(entry: Entry) -> None:
    ENTRIES.append(entry)


def menu_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    side = "association" if connection.schema_name == get_public_schema_name() else "municipality"
    items = []
    for entry in ENTRIES:
        if entry.side != side or not has_role(user, *entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": entry.label,
                "url": url,
                "description": entry.description,
                "in_menu": entry.in_menu,
                "last": entry.last,
            }
        )
    # the modules' own entries first, administration after them; dashboard-only cards (API documentation)
    # at the end
    return sorted(items, key=lambda item: (not item["in_menu"], item["last"]))


@dataclass(frozen=True)
class CitizenLink:
    """A card on a municipality's public start page (citizens never log in)."""

    label: str
    description: str
    url: Callable[[], str | None]  # None: nothing to show now


CITIZEN_LINKS: list[CitizenLink] = []


def register_citizen_link(link: CitizenLink) -> None:
    CITIZEN_LINKS.append(link)


def citizen_links() -> list[dict]:
    items = []
    for link in CITIZEN_LINKS:
        url = link.url()
        if url:
            items.append({"label": link.label, "description": link.description, "url": url})
    return items
