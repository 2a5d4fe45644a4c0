"""Demo data of the platform itself: the association, the two municipalities of the seeds, one user per role.

Every other app adds its demo data through a `demo.py` with `build(municipality)`; the `demo`
command calls them in order inside each municipality's schema. All people are invented.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django_tenants.utils import schema_context

from municipal_platform.accounts.models import User
from municipal_platform.accounts.services import user_create
from municipal_platform.accounts.two_factor import demo_device_ensure, is_mandatory
from municipal_platform.roles import Role

from .models import Municipality
from .services import association_ensure, municipality_create

DEMO_PASSWORD = "demo1234"
# The demo users whose role requires two-factor sign-in (head of service, social worker, platform
# administrator) have an authenticator with this published key: add it to an authenticator app, or run
# `python manage.py demo_code` for the current code. Demo only: real users set up their own.
DEMO_TOTP_SECRET = "DEMODEMODEMODEMODEMODEMODEMODEMO"
DEMO_TOTP_KEY_HEX = "1918e1918e1918e1918e1918e1918e1918e1918e"  # the same key, as django-otp stores it

ASSOCIATION = {
    "name_ka": "საქართველოს ადგილობრივ თვითმმართველობათა ეროვნული ასოციაცია",
    "name_en": "National Association of Local Authorities of Georgia",
}

MUNICIPALITIES = [
    {
        "slug": "ambrolauri",
        "name_ka": "ამბროლაურის მუნიციპალიტეტი",
        "name_en": "Ambrolauri Municipality",
        "region": "რაჭა-ლეჩხუმი და ქვემო სვანეთი",
        # invented, as every demo person: the start page's "where and how to apply"
        "office_address": "ამბროლაური, კოსტავას ქ. 13, სოციალური სამსახური",
        "office_hours": "ორშაბათი–პარასკევი, 9:00–18:00",
        "profile": {
            "population": 13601,
            "population_women": 6847,
            "population_men": 6754,
            "population_date": datetime.date(2025, 1, 1),
            "children_0_18": 1973,
            "pension_age": 4605,
            "area_km2": Decimal("1142.0"),
            "towns": 1,
            "villages": 69,
            "description": "მაღალმთიანი მუნიციპალიტეტი: 1 ქალაქი და 69 სოფელი.",
        },
    },
    {
        "slug": "tskaltubo",
        "name_ka": "წყალტუბოს მუნიციპალიტეტი",
        "name_en": "Tskaltubo Municipality",
        "region": "იმერეთი",
        "office_address": "წყალტუბო, რუსთაველის ქ. 34, სოციალური სამსახური",
        "office_hours": "ორშაბათი–პარასკევი, 9:00–18:00",
        "profile": {
            "population": 56883,
            "area_km2": Decimal("707.5"),
            "description": "საკურორტო ქალაქი ქუთაისის მახლობლად.",
        },
    },
]

# username -> (role, first name, last name); the head of service is made by provisioning.
MUNICIPAL_STAFF = {
    "frontdesk": (Role.FRONT_DESK, "თამარ", "გელაშვილი"),
    "officer": (Role.FEEDBACK_OFFICER, "გიორგი", "ლომიძე"),
    "worker": (Role.SOCIAL_WORKER, "მარიამ", "ჯაფარიძე"),
    "commission": (Role.COMMISSION_MEMBER, "დავით", "კაპანაძე"),
    "council": (Role.COUNCIL_MEMBER, "ლევან", "ხუციშვილი"),
}
ASSOCIATION_STAFF = {
    "reviewer": (Role.REVIEWER, "ეკა", "მამალაძე"),
    "contestadmin": (Role.CONTEST_ADMIN, "ზურაბ", "ნოზაძე"),
    "platformadmin": (Role.PLATFORM_ADMIN, "ანა", "ტაბატაძე"),
}


def _staff_ensure(staff: dict, domain: str) -> None:
    for username, (role, first, last) in staff.items():
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                roles=(role,),
                first_name=first,
                last_name=last,
                email=f"{username}@{domain}",
                is_staff=role == Role.PLATFORM_ADMIN,
            )
    _demo_authenticators_ensure()


def _demo_authenticators_ensure() -> None:
    for user in User.objects.filter(is_active=True):
        if is_mandatory(user):
            demo_device_ensure(user=user, key_hex=DEMO_TOTP_KEY_HEX)


def build_platform() -> list[Municipality]:
    """The association portal, both municipalities and their users (idempotent)."""
    association_ensure(**ASSOCIATION)
    _staff_ensure(ASSOCIATION_STAFF, "association.example.ge")
    made = []
    for spec in MUNICIPALITIES:
        municipality = Municipality.objects.filter(slug=spec["slug"]).first()
        if municipality is None:
            municipality = municipality_create(
                slug=spec["slug"],
                name_ka=spec["name_ka"],
                name_en=spec["name_en"],
                region=spec["region"],
                head_password=DEMO_PASSWORD,
                head_email=f"head@{spec['slug']}.example.ge",
                profile=spec["profile"],
            ).municipality
        if not municipality.office_address:
            municipality.office_address, municipality.office_hours = (
                spec["office_address"],
                spec["office_hours"],
            )
            municipality.save(update_fields=["office_address", "office_hours"])
        with schema_context(municipality.schema_name):
            head = User.objects.get(username="head")
            if not head.first_name:
                head.first_name, head.last_name = "ნინო", "ბერიძე"
                head.save(update_fields=["first_name", "last_name"])
            _staff_ensure(MUNICIPAL_STAFF, f"{spec['slug']}.example.ge")
        made.append(municipality)
    return made
