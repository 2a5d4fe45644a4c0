"""In a real browser: a social worker in Tskaltubo opens a child and family case and walks it to closing.

Intake -> assessment -> interdisciplinary review -> a plan the head of service approves -> in-kind aid up
to the family's yearly cap (one delivery over it is refused, saying what remains) -> an external referral
with the guardian's consent -> a violence referral, which restricts the case and reaches the head of
service's inbox through the outbox (the test server has no Redis: the relay runs in its process when the
referral commits) -> closing, refused first while referrals are in progress and no reason is given.

The server reads committed data: the family, its consent and the in-kind budget line are committed on a
connection of the test's own, and Tskaltubo's programmes and child-support tables are emptied before and
after. Screenshots of each step at a phone's width (390 px) and a desktop's go to /tmp/h6_shots/.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.feedback.conftest import in_own_connection, wipe_municipality_data

SLUG = "tskaltubo"
SHOTS = Path("/tmp/h6_shots")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
GUARDIAN = "60001072233"
CHILD = "60001072244"
# the pages that read a case (one audit row a request, GET or POST); the buttons' POSTs read none
CASE_PAGE = re.compile(
    r"/cases/(\d+)/(assessments/new/|reviews/new/|plans/new/|aid/new/|referrals/new/|close/|reopen/|transfer/)?$"
)
WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth - window.innerWidth"


def tbilisi_today() -> datetime.date:
    return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Tbilisi")).date()


def schema() -> str:
    from tenants.models import Municipality

    return Municipality.objects.get(slug=SLUG).schema_name


def wipe() -> None:
    wipe_municipality_data(schema(), ("programmes", "child_support"))


def seed() -> SimpleNamespace:
    """The family (a guardian in the register, who consented to referrals) and this year's in-kind line."""
    from django.db import transaction
    from django_tenants.utils import schema_context

    from municipal_platform.accounts.models import User
    from programmes import services
    from programmes.models import Consent, Service

    today = tbilisi_today()
    with schema_context(schema()), transaction.atomic():
        head = User.objects.get(username="head")
        worker = User.objects.get(username="worker")
        programme = services.programme_create(
            actor=head,
            year=today.year,
            code="e2e_child_support",
            name_ka="ბავშვი და ოჯახი",
            name_en="Child and family",
        )
        service = services.service_create(
            actor=head,
            programme=programme,
            code="e2e_in_kind",
            name_ka="ნატურით დახმარება",
            name_en="In-kind aid",
            kind=Service.Kind.IN_KIND,
            amount_rule=Service.AmountRule.NONE,
        )
        line = services.budget_line_set(actor=head, service=service, planned=Decimal(50000))
        household = services.household_create(actor=worker, settlement="წყალტუბო", address="ჭავჭავაძის ქ. 7")
        guardian = services.person_register(
            actor=worker,
            personal_number=GUARDIAN,
            first_name="ნანა",
            last_name="გოგიბერიძე",
            sex="female",
            birth_date=datetime.date(1988, 3, 14),
            household=household,
        )
        consent = services.consent_give(
            actor=worker,
            person=guardian,
            purpose=Consent.Purpose.REFERRAL,
            given_on=today - datetime.timedelta(days=3),
        )
        return SimpleNamespace(line=line.pk, consent=consent.pk)


def read_rows(case_id: int) -> int:
    """The read rows the server committed to the case's audit trail."""
    from django_tenants.utils import schema_context

    from child_support.models import CaseAuditEntry

    with schema_context(schema()):
        return CaseAuditEntry.objects.filter(case_id=case_id, kind=CaseAuditEntry.Kind.READ).count()


def count_case_reads(page, reads: list[int]) -> None:
    """Note the case of every page request that reads one (redirects' hops included)."""

    def seen(request) -> None:
        match = CASE_PAGE.search(urlparse(request.url).path)
        if match and request.resource_type == "document":
            reads.append(int(match.group(1)))

    page.on("request", seen)


def violence_messages() -> list[bool]:
    """Whether each outbox message of a violence referral the server committed in Tskaltubo was sent."""
    from django_tenants.utils import schema_context

    from child_support.emails.violence import KIND
    from municipal_platform.outbox.models import OutboxMessage

    with schema_context(schema()):
        return [m.sent_at is not None for m in OutboxMessage.objects.filter(kind=KIND).order_by("id")]


@pytest.fixture
def family(web_port, django_db_blocker):
    with django_db_blocker.unblock():
        in_own_connection(wipe)
        data = in_own_connection(seed)
    yield data
    with django_db_blocker.unblock():
        in_own_connection(wipe)


@pytest.fixture
def shoot():
    """Screenshots of the page as it is, at a desktop's width and at a phone's; returns the phone's
    overflow (pixels wider than its screen) so the journey can name the pages that do not fit."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    overflow: dict[str, int] = {}

    def take(page, name: str) -> None:
        page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
        overflow[name] = page.evaluate(WIDER_THAN_SCREEN)
        page.set_viewport_size(DESKTOP)

    take.overflow = overflow  # type: ignore[attr-defined]
    return take


def case_status(page, status: str) -> None:
    expect(page.locator("#case-status")).to_have_class(re.compile(rf"\bcase-{status}\b"))


def submit(page) -> None:
    page.locator("main form[method=post] button[type=submit]").last.click()


def test_social_worker_walks_a_case_from_intake_to_closing(browser, page, site_url, login, family, shoot):
    today = tbilisi_today()
    day = today.isoformat()
    reads: list[int] = []
    login(page, SLUG, "worker")
    count_case_reads(page, reads)

    # --- intake: the family is found in the register by the guardian's personal number ---
    page.goto(site_url(SLUG, "/cases/new/"))
    page.fill("#id_household_of", GUARDIAN)
    page.fill("#id_children-0-first_name", "ლიზი")
    page.fill("#id_children-0-last_name", "გოგიბერიძე")
    page.fill("#id_children-0-personal_number", CHILD)
    page.fill("#id_children-0-birth_date", today.replace(year=today.year - 8, day=1).isoformat())
    page.select_option("#id_children-0-sex", "female")
    page.select_option("#id_children-0-schooling", "school")
    page.fill("#id_children-0-institution", "წყალტუბოს N2 საჯარო სკოლა")
    page.select_option("#id_source", "school")
    page.fill("#id_opened_on", day)
    shoot(page, "01-case-new")
    submit(page)
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url
    case_id = int(case_url.rstrip("/").rsplit("/", 1)[-1])
    case_status(page, "intake")
    expect(page.locator("#children")).to_contain_text("ლიზი გოგიბერიძე")
    number = page.locator("h1").inner_text().split()[-1]

    # --- assessment: all eight domains rated; the risk level is derived and shown ---
    page.locator("a[href$='/assessments/new/']").click()
    page.fill("#id_assessed_on", day)
    severities = {
        "housing": "2",
        "food": "1",
        "health": "0",
        "development": "1",
        "education": "1",
        "safety": "3",
        "income": "2",
        "care": "1",
    }
    for domain, severity in severities.items():
        page.select_option(f"#id_severity_{domain}", severity)
    page.fill("#id_findings", "ოჯახი ცხოვრობს ნესტიან ოთახში; ბავშვი სკოლას ხშირად აცდენს.")
    shoot(page, "02-assessment")
    submit(page)
    expect(page).to_have_url(case_url)
    case_status(page, "assessment")
    expect(page.locator("#assessments mark[class^=risk-]")).to_have_count(1)

    # --- interdisciplinary review with two outside members ---
    page.locator("a[href$='/reviews/new/']").click()
    page.select_option("#id_assessment", index=1)
    page.fill("#id_held_on", day)
    for row, (name, role) in enumerate([("თეა ჩიქოვანი", "ფსიქოლოგი"), ("ზაზა ლორია", "პედაგოგი")]):
        page.fill(f"#id_members-{row}-name", name)
        page.fill(f"#id_members-{row}-role", role)
    page.fill(
        "#id_conclusion", "ჯგუფი ეთანხმება შეფასებას: საჭიროა საყოფაცხოვრებო ნივთები და სკოლის მხარდაჭერა."
    )
    submit(page)
    expect(page).to_have_url(case_url)
    case_status(page, "review")
    expect(page.locator("#reviews")).to_contain_text("თეა ჩიქოვანი")

    # --- the plan: written by the worker, waiting for the head of service ---
    page.locator("a[href$='/plans/new/']").click()
    page.select_option("#id_review", index=1)
    page.select_option("#id_term", "short")
    page.fill("#id_next_review_on", (today + datetime.timedelta(days=90)).isoformat())
    page.fill("#id_goals", "ბავშვი რეგულარულად დადის სკოლაში; ოჯახს აქვს გამართული გათბობა.")
    page.fill("#id_actions-0-what", "მაცივრისა და გამათბობლის გადაცემა")
    page.fill("#id_actions-0-responsible", "სოციალური მუშაკი")
    page.fill("#id_actions-0-due_on", (today + datetime.timedelta(days=30)).isoformat())
    shoot(page, "03-plan")
    submit(page)
    expect(page).to_have_url(case_url)
    expect(page.locator("#plans .plan-draft")).to_have_count(1)
    expect(page.locator("form[action$='/approve/']")).to_have_count(0)  # only the head approves

    head_context = browser.new_context(locale="ka-GE", viewport=DESKTOP)
    head = head_context.new_page()
    count_case_reads(head, reads)
    login(head, SLUG, "head")
    head.goto(case_url)
    head.locator("form[action$='/approve/'] button").click()
    expect(head).to_have_url(case_url)
    case_status(head, "plan_active")
    expect(head.locator("#plans .approved")).to_have_count(1)

    # --- in-kind aid up to the family's cap (2,000 GEL a year); one delivery over it is refused ---
    def record_aid(category: str, items: list[tuple[str, str, str]]) -> None:
        page.goto(case_url)
        page.locator("a[href$='/aid/new/']").click()
        page.select_option("#id_category", category)
        page.select_option("#id_budget_line", str(family.line))
        page.fill("#id_delivered_on", day)
        page.fill("#id_handed_over_by", "მარიამ ჯაფარიძე")
        page.fill("#id_received_by", "ნანა გოგიბერიძე")
        for row, (name, quantity, unit_value) in enumerate(items):
            page.fill(f"#id_items-{row}-name", name)
            page.fill(f"#id_items-{row}-quantity", quantity)
            page.fill(f"#id_items-{row}-unit_value", unit_value)
        submit(page)

    page.reload()
    case_status(page, "plan_active")
    record_aid("appliances", [("მაცივარი", "1", "1100"), ("ელექტრო გამათბობელი", "2", "200")])
    expect(page).to_have_url(case_url)
    expect(page.locator(f"#aid #family-aid-{today.year}")).to_contain_text("1500.00")

    record_aid("stationery", [("სასკოლო ჩანთა", "1", "80"), ("სახელმძღვანელოები", "8", "65")])  # 600: over
    cap_error = page.locator("#cap-error")
    expect(cap_error).to_be_visible()
    expect(cap_error).to_contain_text("500.00")  # what remains under the cap
    shoot(page, "04-aid-over-the-cap")
    page.goto(case_url)
    expect(page.locator(f"#aid #family-aid-{today.year}")).to_contain_text(
        "1500.00"
    )  # nothing of it was written

    record_aid(
        "stationery", [("სასკოლო ჩანთა", "1", "80"), ("სახელმძღვანელოები", "6", "70")]
    )  # 500: to the cap
    expect(page).to_have_url(case_url)
    expect(page.locator(f"#aid #family-aid-{today.year}")).to_contain_text("2000.00")
    expect(page.locator("#aid tbody tr")).to_have_count(2)

    # --- an external referral with the guardian's consent ---
    page.locator("a[href$='/referrals/new/']").click()
    page.select_option("#id_kind", "state_agency")
    page.select_option("#id_child", index=1)
    page.fill("#id_target", "სოციალური მომსახურების სააგენტო, წყალტუბოს განყოფილება")
    page.fill("#id_referred_on", day)
    page.fill("#id_reason", "სახელმწიფო დახმარების შეფასება")
    page.select_option("#id_consent", str(family.consent))
    shoot(page, "05-referral")
    submit(page)
    expect(page).to_have_url(case_url)
    expect(page.locator("#referrals article.referral")).to_have_count(1)
    expect(page.locator("#referrals")).to_contain_text(
        (today - datetime.timedelta(days=3)).isoformat()
    )  # the consent's date
    expect(page.locator("#restricted")).to_have_count(0)

    # --- a violence referral: no consent needed, the case is restricted, the head is told at once ---
    page.locator("a[href$='/referrals/new/']").click()
    page.select_option("#id_kind", "police")
    page.select_option("#id_child", index=1)
    page.fill("#id_target", "წყალტუბოს პოლიციის განყოფილება")
    page.fill("#id_referred_on", day)
    page.check("#id_is_violence")
    submit(page)
    expect(page).to_have_url(case_url)
    expect(page.locator("#restricted")).to_be_visible()
    expect(page.locator("#referrals article.referral")).to_have_count(2)
    shoot(page, "06-case-restricted")

    head.goto(site_url(SLUG, "/cases/"))
    expect(head.locator("#unread-count")).to_have_text("1")
    head.locator("#inbox-link").click()
    notice = head.locator("article.notification.unread")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(number)
    shoot(head, "07-head-inbox")
    head.locator("article.notification.unread a[href*='/cases/']").click()
    expect(head).to_have_url(case_url)
    head_context.close()
    assert in_own_connection(violence_messages) == [True]  # one message, sent by the relay

    # --- closing: referrals in progress need a reason; with it, the case closes ---
    page.goto(case_url)
    page.locator("a[href$='/close/']").click()
    page.select_option("#id_reason", "goals_met")
    page.fill("#id_closed_on", day)
    submit(page)
    expect(page.locator("#id_note_error")).to_contain_text("2")  # two referrals are still in progress
    expect(page).to_have_url(re.compile(rf"/cases/{case_id}/close/$"))
    shoot(page, "08-close-refused")
    page.fill("#id_note", "ოჯახი გადავიდა სააგენტოს მომსახურებაზე; პოლიციის მიმართვას სააგენტო აგრძელებს.")
    submit(page)
    expect(page).to_have_url(case_url)
    case_status(page, "closed")
    expect(page.locator("a[href$='/aid/new/']")).to_have_count(0)
    shoot(page, "09-case-closed")

    page.goto(site_url(SLUG, "/cases/"))
    shoot(page, "10-case-list")

    # every read of the case, by the worker and the head, is one row of its audit trail
    assert set(reads) == {case_id}
    assert in_own_connection(read_rows, case_id) == len(reads)
    too_wide = {name: px for name, px in shoot.overflow.items() if px > 0}
    assert too_wide == {}, "pages wider than a phone's screen (pixels)"
