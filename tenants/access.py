"""Who may open each URL of the platform administrator (portal side; see municipal_platform/access.py)."""

from municipal_platform.access import EVERYONE, Rule, Sides, first, who
from municipal_platform.roles import Role

PLATFORM_ADMIN = who(Role.PLATFORM_ADMIN)
municipality = first("tenants.Municipality", param="slug", attr="slug", slug="ambrolauri")


RULES = {
    "tenants:municipalities": Rule(read=PLATFORM_ADMIN, post=PLATFORM_ADMIN),
    "tenants:municipality_create": Rule(read=PLATFORM_ADMIN, post=PLATFORM_ADMIN),
    "tenants:municipality_detail": Rule(read=PLATFORM_ADMIN, post=PLATFORM_ADMIN, objects=municipality),
    "tenants:municipality_suspend": Rule(post=PLATFORM_ADMIN, objects=municipality),
    "tenants:municipality_resume": Rule(post=PLATFORM_ADMIN, objects=municipality),
    "tenants:municipality_delete": Rule(post=PLATFORM_ADMIN, objects=municipality),
    "api_municipalities": Rule(read=PLATFORM_ADMIN, post=PLATFORM_ADMIN),
    "api_municipality": Rule(read=PLATFORM_ADMIN, objects=municipality),
    "api_municipality_suspend": Rule(post=PLATFORM_ADMIN, objects=municipality),
    "api_municipality_resume": Rule(post=PLATFORM_ADMIN, objects=municipality),
    "api_municipality_delete": Rule(post=PLATFORM_ADMIN, objects=municipality),
    # "home" exists on both sides: each side's start page is open to everyone
    "home": Sides(municipality=Rule(read=EVERYONE, post=EVERYONE), portal=Rule(read=EVERYONE, post=EVERYONE)),
}
