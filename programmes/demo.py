"""Demo data of the programmes register, built through the same services staff use.

Ambrolauri: the 2025 social protection programme (16 services), its budget lines and the 244
applications of 2025-06-01..2025-08-31 of the first feedback report (MISSION.md), all decided; and the
2026 programme with the same services, so this year's applications can be registered.
Tskaltubo: the 2023 child and family support programme and its budget lines. Every person is
invented; names, personal numbers and dates come from a seeded generator, so two runs agree.
A second run changes nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from municipal_platform.accounts.models import User
from municipal_platform.clock import today

from . import services
from .models import BenefitApplication, BudgetLine, Consent, Programme, Service

D = Decimal
Kind = Service.Kind
Rule = Service.AmountRule

# code, Georgian name (seed 000), English name (MISSION.md), kind, amount rule, amount, planned 2025
AMBROLAURI_2025 = [
    (
        "free_daily_meal",
        "სოციალურად დაუცველი მოსახლეობის ყოველდღიური უფასო ერთჯერადი კვება",
        "Free daily meal for socially vulnerable people",
        Kind.SERVICE,
        Rule.NONE,
        None,
        D("48000"),
    ),
    (
        "food_packages",
        "ოჯახების სასურსათო პაკეტით უზრუნველყოფა",
        "Food packages for families",
        Kind.IN_KIND,
        Rule.CAP,
        D("150"),
        D("15000"),
    ),
    (
        "newborn_aid",
        "ახალშობილთა ოჯახების ერთჯერადი ფულადი დახმარება",
        "One-time cash aid for families of newborns",
        Kind.ONE_TIME_CASH,
        Rule.FIXED,
        D("500"),
        D("30000"),
    ),
    (
        "new_family_aid",
        "ახლადშექმნილი ოჯახების ერთჯერადი ფულადი დახმარება",
        "One-time aid for newly formed families",
        Kind.ONE_TIME_CASH,
        Rule.FIXED,
        D("500"),
        D("10000"),
    ),
    (
        "funeral_services",
        "მიცვალებულთა სარიტუალო მომსახურება",
        "Funeral services",
        Kind.SERVICE,
        Rule.CAP,
        D("400"),
        D("20000"),
    ),
    (
        "child_disability_care",
        (
            "შეზღუდული შესაძლებლობის მქონე და სპეციალური საგანმანათლებლო საჭიროების მქონე 18 წლამდე ასაკის ბავშვთა "
            "ზრუნვის ხელშეწყობა"
        ),
        "Care support for children under 18 with disabilities or special educational needs",
        Kind.MONTHLY_CASH,
        Rule.CAP,
        D("1200"),
        D("60000"),
    ),
    (
        "disability_care",
        "შეზღუდული შესაძლებლობის მქონე პირთა ზრუნვის ხელშეწყობა",
        "Care support for persons with disabilities",
        Kind.ONE_TIME_CASH,
        Rule.CAP,
        D("300"),
        D("25000"),
    ),
    (
        "dialysis_aid",
        '„დიალიზი და თირკმლის ტრანსპლანტაციის" სახელმწიფო პროგრამით მოსარგებლეთა დახმარება',
        "Aid to users of the state dialysis and kidney transplant programme",
        Kind.MONTHLY_CASH,
        Rule.CAP,
        D("1200"),
        D("18000"),
    ),
    (
        "fire_aid",
        "ხანძრის შედეგად (საცხოვრებელ სახლზე) დაზარალებული ოჯახების ერთჯერადი ფულადი დახმარება",
        "One-time aid to families whose house burned",
        Kind.ONE_TIME_CASH,
        Rule.CAP,
        D("3000"),
        D("15000"),
    ),
    (
        "large_family_aid",
        "სამი და მეტი 18 წლამდე ასაკის ბავშვიან ოჯახზე ერთჯერადი ფულადი დახმარება",
        "One-time aid to families with three or more children under 18",
        Kind.ONE_TIME_CASH,
        Rule.FIXED,
        D("300"),
        D("12000"),
    ),
    (
        "breadwinner_loss_aid",
        "მარჩენალდაკარგული (18 წლამდე ასაკის ბავშვი) ოჯახების ერთჯერადი ფულადი დახმარება",
        "One-time aid to families that lost their breadwinner (child under 18)",
        Kind.ONE_TIME_CASH,
        Rule.FIXED,
        D("300"),
        D("6000"),
    ),
    (
        "homeless_housing",
        "უსახლკარო ოჯახების საცხოვრებელი ფართით ან ბინის ყოველთვიური ქირით უზრუნველყოფა",
        "Housing or monthly rent for homeless families",
        Kind.MONTHLY_CASH,
        Rule.CAP,
        D("3600"),
        D("36000"),
    ),
    (
        "single_parent_aid",
        "მარტოხელა მშობლის ერთჯერადი ფულადი დახმარება",
        "One-time aid to single parents",
        Kind.ONE_TIME_CASH,
        Rule.FIXED,
        D("200"),
        D("5000"),
    ),
    (
        "veterans_aid",
        "ომისა და სამხედრო ძალების ვეტერანთა ერთჯერადი ფულადი დახმარება",
        "One-time aid to war and armed-forces veterans",
        Kind.ONE_TIME_CASH,
        Rule.FIXED,
        D("200"),
        D("10000"),
    ),
    (
        "winter_heating_aid",
        "სოციალურად დაუცველი მოსახლეობის ზამთრის თბობისათვის ერთჯერადი ფულადი დახმარება",
        "One-time winter heating aid for socially vulnerable people",
        Kind.ONE_TIME_CASH,
        Rule.FIXED,
        D("150"),
        D("40000"),
    ),
    ("home_care", "შინ მოვლის პროგრამა", "Home care programme", Kind.SERVICE, Rule.NONE, None, D("24000")),
]

# The 2026 programme: the same services (codes are stable across years); after the feedback cycle the
# council raised some amounts in the 2026 budget (MISSION.md), here winter heating aid and food packages.
RAISED_2026 = {"winter_heating_aid": D("1.2"), "food_packages": D("1.2")}
AMBROLAURI_2026 = [
    (code, ka, en, kind, rule, amount, (planned * RAISED_2026.get(code, D("1"))).quantize(D("1")))
    for code, ka, en, kind, rule, amount, planned in AMBROLAURI_2025
]

# Applications received 2025-06-01..2025-08-31, per service: the first report's table (MISSION.md).
AMBROLAURI_SUMMER_2025 = {
    "newborn_aid": 17,
    "new_family_aid": 1,
    "disability_care": 2,
    "fire_aid": 1,
    "large_family_aid": 7,
    "breadwinner_loss_aid": 3,
    "single_parent_aid": 3,
    "veterans_aid": 25,
    "winter_heating_aid": 185,
}
# Which applications came by e-mail (service code, nth application of that service): 4 of 244.
EMAIL_APPLICATIONS = {
    ("winter_heating_aid", 10),
    ("winter_heating_aid", 95),
    ("veterans_aid", 7),
    ("newborn_aid", 4),
}
SUMMER_START = datetime.date(2025, 6, 1)
SUMMER_DAYS = 92  # to 2025-08-31

# code, Georgian name, English name, kind, amount rule, amount, planned 2023 (seed 003)
TSKALTUBO_2023 = [
    (
        "family_in_kind_aid",
        (
            "ბავშვიანი ოჯახების ნატურალური დახმარება (საკვები, საყოფაცხოვრებო საქონელი და ტექნიკა, ჰიგიენური და "
            "საკანცელარიო ნივთები)"
        ),
        "In-kind aid to families with children (food, household goods and appliances, hygiene items, stationery)",
        Kind.IN_KIND,
        Rule.CAP,
        D("2000"),
        D("250000"),
    ),
    (
        "family_housing",
        "მრავალშვილიანი ოჯახებისთვის ინდივიდუალური საცხოვრებელი სახლის აშენება ან შეძენა",
        "Building or buying an individual house for large families",
        Kind.IN_KIND,
        Rule.NONE,
        None,
        D("240000"),
    ),
    (
        "autism_therapy",
        "აუტიზმის სპექტრის აშლილობის მქონე ბავშვთა თერაპიის სრული დაფინანსება",
        "Full funding of therapy for children with autism spectrum disorder",
        Kind.SERVICE,
        Rule.NONE,
        None,
        D("180000"),
    ),
    (
        "early_development_travel",
        "ადრეული განვითარების (0-7 წელი) სპეციალისტის მგზავრობის ხარჯის ანაზღაურება",
        "Travel of early-development (0-7) specialists to the child's home",
        Kind.SERVICE,
        Rule.NONE,
        None,
        D("12000"),
    ),
    (
        "inclusive_centre",
        "ბავშვთა ინკლუზიური ცენტრი",
        "Children's inclusive centre",
        Kind.SERVICE,
        Rule.NONE,
        None,
        D("320000"),
    ),
]

WOMEN = [
    "ნინო",
    "მარიამ",
    "თამარ",
    "ნანა",
    "ეკატერინე",
    "მანანა",
    "ლია",
    "ქეთევან",
    "ნათია",
    "სოფო",
    "ირმა",
    "ციალა",
    "ლამარა",
    "ნესტან",
    "მაია",
    "ხათუნა",
    "ეთერ",
    "დარეჯან",
    "ლელა",
    "ინგა",
]
MEN = [
    "გიორგი",
    "დავით",
    "ლევან",
    "ზურაბ",
    "ნიკოლოზ",
    "ირაკლი",
    "გოჩა",
    "თემურ",
    "ვახტანგ",
    "მამუკა",
    "შოთა",
    "ბესიკ",
    "რევაზ",
    "ავთანდილ",
    "გელა",
    "კახა",
    "ჯემალ",
    "ომარ",
    "პაატა",
    "ტარიელ",
]
SURNAMES = [
    "ჩიხლაძე",
    "გაბუნია",
    "ყიფიანი",
    "ჭელიძე",
    "ბახტაძე",
    "მგალობლიშვილი",
    "ლობჟანიძე",
    "კვაჭაძე",
    "ჯაფარიძე",
    "ქარჩავა",
    "წიკლაური",
    "ჟორჟოლიანი",
    "ბენდელიანი",
    "გოგიბერიძე",
    "მაღრაძე",
    "ჩხეიძე",
    "ხიდეშელი",
    "ცერცვაძე",
    "სულაძე",
    "ფხაკაძე",
    "ლორთქიფანიძე",
    "გვიანიძე",
]
LATIN = {"ნინო": "nino", "თამარ": "tamar", "გიორგი": "giorgi", "დავით": "davit", "ლევან": "levan"}
SETTLEMENTS = [
    "ამბროლაური",
    "ნიკორწმინდა",
    "ბაჯი",
    "ჭრებალო",
    "ხვანჭკარა",
    "წესი",
    "სადმელი",
    "ურავი",
    "ონჭეიში",
    "ბოსტანა",
    "ლიხეთი",
    "შაქშაქეთი",
    "ტყიბული-ლაილაში",
    "ჩორდი",
]
# Mostly men among veterans, mostly women among single parents and newborn families.
WOMEN_SHARE = {"veterans_aid": 0.1, "single_parent_aid": 0.8, "newborn_aid": 0.7, "disability_care": 0.6}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _catalogue(*, head, year: int, code: str, name_ka: str, name_en: str, resolution: str, rows) -> Programme:
    programme = Programme.objects.filter(year=year, code=code).first() or services.programme_create(
        actor=head, year=year, code=code, name_ka=name_ka, name_en=name_en, resolution=resolution
    )
    for position, (scode, sname_ka, sname_en, kind, rule, amount, planned) in enumerate(rows, start=1):
        service = Service.objects.filter(programme=programme, code=scode).first() or services.service_create(
            actor=head,
            programme=programme,
            code=scode,
            name_ka=sname_ka,
            name_en=sname_en,
            kind=kind,
            amount_rule=rule,
            amount=amount,
            active_from=datetime.date(year, 1, 1),
            position=position,
        )
        if not BudgetLine.objects.filter(service=service, year=year).exists():
            services.budget_line_set(
                actor=head,
                service=service,
                year=year,
                planned=planned,
                funding_source="მუნიციპალიტეტის ბიუჯეტი",
            )
    return programme


def _personal_number(seq: int) -> str:
    # Invented, deterministic and clearly fake: 11 digits starting 99.
    return f"99{(seq * 7919) % 10**9:09d}"


def _summer_applications(*, programme: Programme, frontdesk, head) -> None:
    services_by_code = {s.code: s for s in programme.services.all()}
    period_end = SUMMER_START + datetime.timedelta(days=SUMMER_DAYS - 1)
    if BenefitApplication.objects.filter(
        service__programme=programme, received_on__range=(SUMMER_START, period_end)
    ).exists():
        return
    rng = random.Random(20250601)
    plan = []
    for code, count in AMBROLAURI_SUMMER_2025.items():
        for nth in range(1, count + 1):
            plan.append((SUMMER_START + datetime.timedelta(days=rng.randrange(SUMMER_DAYS)), code, nth))
    plan.sort()
    for seq, (received_on, code, nth) in enumerate(plan, start=1):
        service = services_by_code[code]
        female = rng.random() < WOMEN_SHARE.get(code, 0.6)
        first = rng.choice(WOMEN if female else MEN)
        last = rng.choice(SURNAMES)
        by_email = (code, nth) in EMAIL_APPLICATIONS
        person = services.person_register(
            actor=frontdesk,
            personal_number=_personal_number(seq),
            first_name=first,
            last_name=last,
            sex="female" if female else "male",
            birth_date=datetime.date(1940 + rng.randrange(60), rng.randrange(1, 13), rng.randrange(1, 29)),
            phone=f"5{rng.randrange(10**8):08d}",
            email=f"citizen{seq:03d}@example.ge" if by_email else "",
            settlement=rng.choice(SETTLEMENTS),
        )
        if by_email:
            services.consent_give(
                actor=frontdesk,
                person=person,
                purpose=Consent.Purpose.CONTACT_BY_EMAIL,
                given_on=received_on,
            )
        application = services.application_register(
            actor=frontdesk,
            applicant=person,
            service=service,
            channel="email" if by_email else "paper",
            received_on=received_on,
            feedback_form_handed=not by_email,
        )
        decided_on = received_on + datetime.timedelta(days=rng.randrange(3, 11))
        if service.amount_rule == Rule.FIXED:
            amount = service.amount
        else:
            amount = (service.amount * D(rng.randrange(40, 101)) / 100).quantize(D("1"))
        services.application_decide(
            application=application,
            actor=head,
            approved=True,
            amount=amount,
            reason="აკმაყოფილებს ქვეპროგრამის პირობებს",
            decided_on=decided_on,
        )
        paid_on = decided_on + datetime.timedelta(days=rng.randrange(2, 8))
        services.payment_record(application=application, actor=head, amount=amount, paid_on=paid_on)
        services.application_end_service(application=application, actor=head, ended_on=paid_on)


def programmes_up_to_this_year(*, head) -> None:
    """So that front desk can register this year's applications in the demo: Ambrolauri's 2026 programme,
    and in a later year the same programme again for each year since (a demo built in 2027 still works)."""
    for year in range(2026, max(2026, today().year) + 1):
        _catalogue(
            head=head,
            year=year,
            code="social_protection",
            name_ka="სოციალური დაცვის პროგრამა",
            name_en="Social protection programme",
            resolution=f"საკრებულოს დადგენილება, {year} წლის სოციალური პროგრამა",
            rows=AMBROLAURI_2026,
        )


def build(municipality) -> None:
    head = _user("head")
    if municipality.slug == "ambrolauri":
        programme = _catalogue(
            head=head,
            year=2025,
            code="social_protection",
            name_ka="სოციალური დაცვის პროგრამა",
            name_en="Social protection programme",
            resolution="საკრებულოს დადგენილება, 2025 წლის სოციალური პროგრამა",
            rows=AMBROLAURI_2025,
        )
        _summer_applications(programme=programme, frontdesk=_user("frontdesk"), head=head)
        programmes_up_to_this_year(head=head)
    elif municipality.slug == "tskaltubo":
        _catalogue(
            head=head,
            year=2023,
            code="child_family_support",
            name_ka="ბავშვებისა და ბავშვიანი ოჯახების მხარდაჭერის პროგრამა",
            name_en="Child and family support programme",
            resolution="",
            rows=TSKALTUBO_2023,
        )
