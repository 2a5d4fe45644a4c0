"""Demo data of child and family cases: Tskaltubo's 2023 (seed 003), built through the case services.

The plan (every person invented, from a seeded generator, so two runs agree):

- 92 families (cases opened January to August 2023) given stationery and textbooks in September 2023;
  19 of them also given a household appliance during the year, a third of them food or hygiene items;
  5 of their children enrolled in the inclusive centre. Closed in December 2023 (goals met), except the
  families with an inclusive-centre enrolment, whose plan is still active.
- 45 families with a child on the autism spectrum, 5 of them with two: 50 children whose day-centre
  therapy was funded (400 GEL a month, 8 or 9 months), accepted by the centre; plans active.
- 10 families with a child under 7 whose early-development specialist's travel was paid (accepted, then
  done); plans active.
- 8 cases opened in the last weeks, open in every step: 2 at intake, 2 in assessment, 2 in review, 2 with
  an active plan; one of these has an external referral with the guardian's consent, the other a violence
  referral to the police (the case is restricted, the head of service alerted).

Each case goes through the steps its status needs (assessment, interdisciplinary review, a plan approved
by the head of service). The worker is the demo user ``worker``. Ambrolauri gets no cases. A second run
changes nothing (the cases are only built when Tskaltubo has none).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from municipal_platform.accounts.models import User
from municipal_platform.clock import today
from programmes import services as programmes_services
from programmes.demo import MEN, SURNAMES, WOMEN
from programmes.models import BudgetLine, Consent

from . import services
from .models import Case, Provision, Referral

D = Decimal
YEAR = 2023
SEED = 20230901
Category = Provision.Category
Kind = Referral.Kind

SETTLEMENTS = [
    "წყალტუბო",
    "გვიშტიბი",
    "მაღლაკი",
    "ქვიტირი",
    "ფარცხანაყანევი",
    "გეგუთი",
    "ოფურჩხეთი",
    "ხომული",
    "ცხუნკური",
    "ბანოჯა",
    "ზარათი",
    "ყუმისთავი",
]
STREETS = ["რუსთაველის ქ.", "ჭავჭავაძის ქ.", "ნინოშვილის ქ.", "აღმაშენებლის ქ.", "თამარ მეფის ქ."]
DOMAINS = ("housing", "food", "health", "development", "education", "safety", "income", "care")
# the goods of each category: name and unit value, GEL
GOODS = {
    Category.STATIONERY: [
        ("სასკოლო ჩანთა", D("45")),
        ("სახელმძღვანელოების კომპლექტი", D("60")),
        ("რვეულები", D("1.5")),
    ],
    Category.APPLIANCES: [("მაცივარი", D("850")), ("სარეცხი მანქანა", D("780")), ("გაზქურა", D("520"))],
    Category.FOOD: [("საკვები პროდუქტების ნაკრები", D("120")), ("ჩვილის კვება", D("35"))],
    Category.HYGIENE: [("ჰიგიენური ნივთების ნაკრები", D("55"))],
}
CENTRES = ["დღის ცენტრი „ნაბიჯი“", "აუტიზმის ცენტრი „მზიური“", "თერაპიის ცენტრი „ერთად“"]


@dataclass
class ChildPlan:
    birth_date: datetime.date
    autism: bool = False
    schooling: str = "school"


@dataclass
class CasePlan:
    opened_on: datetime.date
    children: list[ChildPlan]
    status: str  # the status the case ends in
    source: str = Case.Source.OWN_FINDING
    provisions: list[tuple[str, datetime.date]] = field(default_factory=list)
    autism: bool = False
    early_development: datetime.date | None = None
    inclusive_centre: datetime.date | None = None
    closed_on: datetime.date | None = None
    consent_referral: bool = False
    violence: bool = False


def build(municipality) -> None:
    if municipality.slug != "tskaltubo" or Case.objects.exists():
        return
    lines = {
        line.service.code: line for line in BudgetLine.objects.filter(year=YEAR).select_related("service")
    }
    if "family_in_kind_aid" not in lines:
        return  # the programmes demo made no 2023 programme here
    builder = _Builder(
        worker=User.objects.get(username="worker"), head=User.objects.get(username="head"), lines=lines
    )
    for plan in plans(random.Random(SEED)):
        builder.case(plan)


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _born(rng: random.Random, youngest: int, oldest: int, on: datetime.date) -> datetime.date:
    """A birth date of a child aged ``youngest`` to ``oldest`` (whole years) on ``on``."""
    # the 28th at the latest, so that 29 February never asks for a day a year lacks
    day = min(on.day, 28)
    latest = datetime.date(on.year - youngest, on.month, day) - datetime.timedelta(days=1)
    earliest = datetime.date(on.year - oldest - 1, on.month, day) + datetime.timedelta(days=1)
    return _day(rng, earliest, latest)


def plans(rng: random.Random) -> list[CasePlan]:
    """The demo's cases, in the order they are opened."""
    result: list[CasePlan] = []
    school_start = datetime.date(YEAR, 9, 1)
    appliance_families = set(rng.sample(range(92), 19))
    inclusive_families = set(rng.sample(sorted(set(range(92)) - appliance_families), 5))
    for n in range(92):
        opened = _day(rng, datetime.date(YEAR, 1, 9), datetime.date(YEAR, 8, 25))
        children = [ChildPlan(_born(rng, 6, 15, school_start)) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        provisions = [(Category.STATIONERY, _day(rng, school_start, datetime.date(YEAR, 9, 29)))]
        if n in appliance_families:
            provisions.append(
                (
                    Category.APPLIANCES,
                    _day(rng, opened + datetime.timedelta(days=20), datetime.date(YEAR, 11, 30)),
                )
            )
        if n % 3 == 0:
            extra = Category.FOOD if n % 2 else Category.HYGIENE
            provisions.append(
                (extra, _day(rng, opened + datetime.timedelta(days=15), datetime.date(YEAR, 12, 10)))
            )
        inclusive = n in inclusive_families
        result.append(
            CasePlan(
                opened_on=opened,
                children=children,
                status=Case.Status.PLAN_ACTIVE if inclusive else Case.Status.CLOSED,
                source=rng.choice((Case.Source.SCHOOL, Case.Source.FAMILY, Case.Source.OWN_FINDING)),
                provisions=provisions,
                inclusive_centre=_day(rng, datetime.date(YEAR, 9, 11), datetime.date(YEAR, 10, 31))
                if inclusive
                else None,
                closed_on=None
                if inclusive
                else _day(rng, datetime.date(YEAR, 12, 15), datetime.date(YEAR, 12, 28)),
            )
        )
    for n in range(45):
        opened = _day(rng, datetime.date(YEAR, 1, 9), datetime.date(YEAR, 4, 28))
        autistic = 2 if n < 5 else 1
        children = [ChildPlan(_born(rng, 3, 14, opened), autism=True) for _ in range(autistic)]
        if rng.random() < 0.4:
            children.append(ChildPlan(_born(rng, 4, 16, opened)))
        result.append(
            CasePlan(
                opened_on=opened,
                children=children,
                status=Case.Status.PLAN_ACTIVE,
                source=rng.choice((Case.Source.HEALTH_WORKER, Case.Source.FAMILY, Case.Source.STATE_AGENCY)),
                autism=True,
            )
        )
    for _n in range(10):
        opened = _day(rng, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 6, 30))
        children = [ChildPlan(_born(rng, 1, 5, opened), schooling="home")]
        result.append(
            CasePlan(
                opened_on=opened,
                children=children,
                status=Case.Status.PLAN_ACTIVE,
                source=Case.Source.HEALTH_WORKER,
                early_development=opened + datetime.timedelta(days=rng.randrange(25, 40)),
            )
        )
    now = today()
    steps = [Case.Status.INTAKE] * 2 + [Case.Status.ASSESSMENT] * 2 + [Case.Status.REVIEW] * 2
    steps += [Case.Status.PLAN_ACTIVE] * 2
    for n, status in enumerate(steps):
        opened = now - datetime.timedelta(days=40 - 4 * n)
        result.append(
            CasePlan(
                opened_on=opened,
                children=[ChildPlan(_born(rng, 2, 15, opened)) for _ in range(rng.choice((1, 2)))],
                status=status,
                source=rng.choice(Case.Source.values),
                consent_referral=n == 6,
                violence=n == 7,
            )
        )
    result.sort(key=lambda p: p.opened_on)
    return result


class _Builder:
    def __init__(self, *, worker, head, lines: dict[str, BudgetLine]):
        self.worker, self.head, self.lines = worker, head, lines
        self.rng = random.Random(SEED + 1)
        self.people = 0

    def _personal_number(self) -> str:
        # invented, deterministic and clearly fake: 11 digits starting 98 (the programmes demo's start 99)
        self.people += 1
        return f"98{(self.people * 7919) % 10**9:09d}"

    def _child(self, child: ChildPlan, surname: str, opened_on: datetime.date) -> dict:
        female = self.rng.random() < 0.5
        age = (opened_on - child.birth_date).days // 365
        schooling = "kindergarten" if child.schooling == "school" and age < 6 else child.schooling
        return {
            "first_name": self.rng.choice(WOMEN if female else MEN),
            "last_name": surname,
            "personal_number": self._personal_number(),
            "birth_date": child.birth_date,
            "sex": "female" if female else "male",
            "disability": "disability" if child.autism else "none",
            "autism_diagnosis": child.autism,
            "schooling": schooling,
            "institution": f"წყალტუბოს №{self.rng.randrange(1, 9)} {'საჯარო სკოლა' if schooling == 'school' else 'ბაღი'}"
            if schooling in ("school", "kindergarten")
            else "",
        }

    def case(self, plan: CasePlan) -> Case:
        worker, head = self.worker, self.head
        surname = self.rng.choice(SURNAMES)
        settlement = self.rng.choice(SETTLEMENTS)
        case = services.case_open(
            actor=worker,
            source=plan.source,
            opened_on=plan.opened_on,
            children=[self._child(c, surname, plan.opened_on) for c in plan.children],
            household_data={
                "settlement": settlement,
                "address": f"{self.rng.choice(STREETS)} {self.rng.randrange(1, 120)}",
            },
        )
        order = [Case.Status.INTAKE, Case.Status.ASSESSMENT, Case.Status.REVIEW, Case.Status.PLAN_ACTIVE]
        reached = order.index(plan.status) if plan.status in order else len(order) - 1
        if reached >= 1:
            assessment = services.assessment_record(
                actor=worker,
                case_id=case.pk,
                kind="assessment",
                assessed_on=plan.opened_on + datetime.timedelta(days=2),
                findings="ოჯახი საჭიროებს მხარდაჭერას; ბავშვები დადიან სკოლაში ან ბაღში.",
                needs={d: {"severity": self.rng.choice((0, 1, 1, 2)), "note": ""} for d in DOMAINS},
            )
        if reached >= 2:
            review = services.review_record(
                actor=worker,
                case_id=case.pk,
                assessment_id=assessment.pk,
                held_on=plan.opened_on + datetime.timedelta(days=5),
                conclusion="ჯგუფი ეთანხმება შეფასებას და გეგმის შედგენას.",
                members=[
                    {
                        "user": worker,
                        "name": worker.get_full_name() or worker.username,
                        "role": "სოციალური მუშაკი",
                    },
                    {"user": None, "name": "ნანა ბერიძე", "role": "ფსიქოლოგი"},
                    {"user": None, "name": "ეკა ლომიძე", "role": "პედაგოგი"},
                ],
            )
        if reached >= 3:
            plan_version = services.plan_write(
                actor=worker,
                case_id=case.pk,
                review_id=review.pk,
                term="short",
                goals="ბავშვების სწავლისა და განვითარების მხარდაჭერა; ოჯახის საჭიროებების დაკმაყოფილება.",
                next_review_on=plan.opened_on + datetime.timedelta(days=180),
                actions=[
                    {
                        "what": "მატერიალური დახმარების გაცემა",
                        "responsible": "სოციალური მუშაკი",
                        "due_on": plan.opened_on + datetime.timedelta(days=60),
                    }
                ],
            )
            services.plan_approve(actor=head, plan_id=plan_version.pk)
        for category, day in sorted(plan.provisions, key=lambda p: p[1]):
            self._provision(case, category, day)
        if plan.autism:
            for child in case.children.filter(autism_diagnosis=True):
                self._referral(
                    case,
                    kind=Kind.AUTISM_THERAPY,
                    child_id=child.pk,
                    target=self.rng.choice(CENTRES),
                    referred_on=plan.opened_on + datetime.timedelta(days=12),
                    budget_line_id=self.lines["autism_therapy"].pk,
                    monthly_cost=D("400"),
                    months=self.rng.randrange(8, 10),
                )
        if plan.early_development:
            self._referral(
                case,
                kind=Kind.EARLY_DEVELOPMENT,
                child_id=case.children.get().pk,
                target="ადრეული განვითარების სპეციალისტი",
                referred_on=plan.early_development,
                budget_line_id=self.lines["early_development_travel"].pk,
                trips=self.rng.randrange(8, 13),
                amount=D(self.rng.randrange(40, 70) * 10),
                done=True,
            )
        if plan.inclusive_centre:
            child = case.children.order_by("person__birth_date").last()
            self._referral(
                case,
                kind=Kind.INCLUSIVE_CENTRE,
                child_id=child.pk if child else None,
                target="ბავშვთა ინკლუზიური ცენტრი",
                referred_on=plan.inclusive_centre - datetime.timedelta(days=7),
                budget_line_id=self.lines["inclusive_centre"].pk,
                capacity=30,
                enrolled_on=plan.inclusive_centre,
            )
        if plan.consent_referral:
            guardian = programmes_services.person_register(
                actor=worker,
                personal_number=self._personal_number(),
                first_name=self.rng.choice(WOMEN),
                last_name=surname,
                sex="female",
                birth_date=datetime.date(1988, 5, 14),
                household=case.household,
            )
            consent = programmes_services.consent_give(
                actor=worker, person=guardian, purpose=Consent.Purpose.REFERRAL, given_on=plan.opened_on
            )
            services.referral_create(
                actor=worker,
                case_id=case.pk,
                kind=Kind.STATE_AGENCY,
                target="სახელმწიფო ზრუნვის სააგენტო, წყალტუბოს განყოფილება",
                referred_on=plan.opened_on + datetime.timedelta(days=8),
                reason="სოციალური აგენტის ვიზიტი და სტატუსის გადახედვა.",
                consent_id=consent.pk,
            )
        if plan.violence:
            services.referral_create(
                actor=worker,
                case_id=case.pk,
                kind=Kind.POLICE,
                target="წყალტუბოს პოლიციის განყოფილება",
                referred_on=plan.opened_on + datetime.timedelta(days=9),
                reason="ბავშვის მიმართ ძალადობის ნიშნები.",
                is_violence=True,
            )
        if plan.status == Case.Status.CLOSED:
            assert plan.closed_on is not None
            services.case_close(
                actor=worker, case_id=case.pk, reason=Case.CloseReason.GOALS_MET, closed_on=plan.closed_on
            )
        return case

    def _provision(self, case: Case, category: str, day: datetime.date) -> None:
        goods = GOODS[category]
        if category == Category.APPLIANCES:
            items = [dict(zip(("name", "unit_value"), self.rng.choice(goods), strict=True), quantity=D(1))]
        elif category == Category.STATIONERY:
            pupils = max(case.children.count(), 1)
            items = [
                {"name": name, "unit_value": value, "quantity": D(pupils * (10 if value < 5 else 1))}
                for name, value in goods
            ]
        else:
            items = [{"name": name, "unit_value": value, "quantity": D(1)} for name, value in goods]
        services.provision_record(
            actor=self.worker,
            case_id=case.pk,
            category=category,
            budget_line_id=self.lines["family_in_kind_aid"].pk,
            delivered_on=day,
            handed_over_by=self.worker.get_full_name() or self.worker.username,
            received_by="მშობელი",
            items=items,
        )

    def _referral(self, case: Case, *, done: bool = False, **fields) -> None:
        referral = services.referral_create(actor=self.worker, case_id=case.pk, **fields)
        services.referral_status(actor=self.worker, referral_id=referral.pk, status=Referral.Status.ACCEPTED)
        if done:
            services.referral_status(
                actor=self.worker,
                referral_id=referral.pk,
                status=Referral.Status.DONE,
                outcome="სპეციალისტის ვიზიტები ჩატარდა.",
            )
