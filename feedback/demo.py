"""Demo data of the feedback cycle, entered through the services as staff would.

Ambrolauri: the first cycle of seed 000 (96 paper forms from June to August 2025 typed in against the
weekly box openings, 30 open comments tagged by theme, the October working meeting, the November
decisions and the published report). Tskaltubo: the two standard forms only (made by the migration).
"""

from __future__ import annotations

import datetime
import logging
import random

from municipal_platform.accounts.models import User
from programmes.models import BudgetLine, Service

from . import services
from .models import BoxBatch, CommentTheme, Decision, FeedbackSettings, Form, Report

logger = logging.getLogger(__name__)

PERIOD = (datetime.date(2025, 6, 1), datetime.date(2025, 8, 31))  # first and last day, both included
DEMO_NOTE = "demo: first cycle"

# (service code or None, women, men): the first report's table
TABLE = [
    ("newborn_aid", 1, 2),
    ("disability_care", 2, 0),
    ("large_family_aid", 1, 1),
    ("breadwinner_loss_aid", 1, 0),
    ("single_parent_aid", 1, 0),
    ("veterans_aid", 0, 5),
    ("winter_heating_aid", 50, 29),
    (None, 1, 2),
]

COMMENTS = {
    "more_aid": [
        "გთხოვთ, გაზარდოთ დახმარების თანხა, ზამთარში შეშა ძვირია.",
        "თანხის ოდენობა მცირეა, სასურველია გაზრდა.",
        "დახმარება გაზრდილიყო, კარგი იქნებოდა.",
        "მეტი თანხა გვჭირდება ოჯახისთვის.",
        "გაზრდეთ ზამთრის დახმარების ოდენობა.",
        "თანხის გაზრდა აუცილებელია.",
        "ვთხოვ დახმარების თანხის გაზრდას.",
        "კარგი იქნება, თუ ოდენობა გაიზრდება.",
        "თანხის ოდენობა ვერ ყოფნის, გაზრდეთ.",
        "ვეტერანებისთვის მეტი თანხა გამოიყოს.",
        "ახალშობილის დახმარების ოდენობა გაზრდილიყო.",
        "გაზრდეთ თანხა მრავალშვილიანი ოჯახებისთვის.",
        "დახმარების გაზრდა გვსურს.",
    ],
    "satisfied": [
        "კმაყოფილი ვარ, მადლობა.",
        "ყველაფერი კარგად იყო, კმაყოფილი ვარ.",
        "დიდი მადლობა თანამშრომლებს.",
        "კმაყოფილი ვარ მომსახურებით.",
        "მადლობა ყურადღებისთვის.",
        "შენიშვნა არ მაქვს, კმაყოფილი ვარ.",
        "მადლობა, ყველაფერი მარტივად მოხერხდა.",
    ],
    "fetch_extract": [
        "სოციალური ბაზიდან ამონაწერი მერიამ თავად გამოითხოვოს.",
        "კარგი იქნება, თუ ამონაწერს მერია გამოითხოვს ბაზიდან.",
    ],
    "pensions_disability": [
        "პენსია უნდა გაიზარდოს.",
        "შშმ პირებზე მეტი ზრუნვაა საჭირო.",
        "სახელმწიფომ მეტი ყურადღება მიაქციოს შეზღუდული შესაძლებლობის მქონე პირებს.",
        "პენსიონერებს უჭირთ, პენსიის მომატება გვჭირდება.",
        "შშმ ბავშვებისთვის მეტი სერვისი გვინდა.",
        "პენსია არ გვყოფნის.",
        "შეზღუდული შესაძლებლობის მქონე პირთა მხარდაჭერა გაძლიერდეს.",
        "პენსიის ზრდა და შშმ პირების მხარდაჭერა.",
    ],
}
# Comments an officer approved for the public page (no detail that could identify anyone).
PUBLISHABLE = {
    COMMENTS["more_aid"][1],
    COMMENTS["satisfied"][3],
    COMMENTS["fetch_extract"][0],
    COMMENTS["pensions_disability"][1],
}


def build(municipality) -> None:
    if municipality.slug != "ambrolauri":
        return  # every municipality has the two standard forms from the migration
    # Ambrolauri's guideline: a report every three months from 1 June 2025
    FeedbackSettings.objects.get_or_create(pk=1)
    FeedbackSettings.objects.filter(pk=1, reporting_start=None).update(
        reporting_start=datetime.date(2025, 6, 1)
    )
    if BoxBatch.objects.filter(note=DEMO_NOTE).exists():
        return
    codes = [code for code, _w, _m in TABLE if code]
    found = {s.code: s for s in Service.objects.filter(code__in=codes)}
    missing = sorted(set(codes) - set(found))
    if missing:
        logger.warning("feedback demo skipped: the programmes catalogue lacks %s", ", ".join(missing))
        return
    frontdesk = User.objects.get(username="frontdesk")
    officer = User.objects.get(username="officer")
    head = User.objects.get(username="head")
    _first_cycle(frontdesk=frontdesk, officer=officer, head=head)


def _rows() -> list[dict]:
    """96 filled-in forms, deterministic: service, sex, answers (documents easy for 89 of 96)."""
    rng = random.Random(2025)
    rows = []
    for code, women, men in TABLE:
        for sex, n in (("female", women), ("male", men)):
            for _ in range(n):
                rows.append({"service": code or "", "sex": sex})
    rng.shuffle(rows)
    comments = [(theme, text) for theme, texts in COMMENTS.items() for text in texts]
    comment_at = rng.sample(range(len(rows)), len(comments))
    difficult = set(rng.sample(range(len(rows)), 7))
    for i, row in enumerate(rows):
        answers = {
            "knew_services": "no" if i % 9 == 0 else "yes",
            "documents_easy": "no" if i in difficult else "yes",
            "staff_professional": rng.choice([5, 5, 5, 4, 4]),
            "staff_helpful": rng.choice([5, 5, 4, 4, 3]),
            "satisfaction": rng.choice([5, 5, 5, 4, 4, 3]),
            "info_source": rng.choice(["staff", "staff", "people", "website", "social"]),
        }
        row["answers"] = answers
        row["age_band"] = rng.choice(["30-44", "45-59", "60-74", "60-74", "75+"])
    for i, (theme, text) in zip(comment_at, comments, strict=True):
        rows[i]["answers"]["comment"] = text
        rows[i]["theme"] = theme
    return rows


def _first_cycle(*, frontdesk, officer, head) -> None:
    paper = Form.objects.get(code="annex-1")
    rows = _rows()
    # weekly box openings, Fridays 6 June .. 29 August 2025
    fridays = [datetime.date(2025, 6, 6) + datetime.timedelta(weeks=w) for w in range(13)]
    per_batch = [rows[i::13] for i in range(13)]
    themes = {t.code: t for t in CommentTheme.objects.all()}
    for opened_on, batch_rows in zip(fridays, per_batch, strict=True):
        batch = services.batch_open(
            actor=frontdesk, opened_on=opened_on, counted=len(batch_rows), form=paper, note=DEMO_NOTE
        )
        for j, row in enumerate(batch_rows):
            theme = row.pop("theme", None)
            day = opened_on - datetime.timedelta(days=j % 5)
            response = services.batch_response_enter(
                actor=officer, batch=batch, data={**row, "submitted_on": day}
            )
            if theme:
                answer = response.answers.get(question__code="comment")
                services.answer_tag(
                    actor=officer, answer=answer, theme=themes[theme], publishable=answer.text in PUBLISHABLE
                )
        services.batch_close(actor=officer, batch=batch)

    report = services.report_create(
        actor=officer,
        title="ანგარიში სოციალური სერვისებით სარგებლობის უკუკავშირის თაობაზე (2025 წლის 1 ივნისი - 31 აგვისტო)",
        period_from=PERIOD[0],
        period_to=PERIOD[1],
        findings=(
            "ბენეფიციართა კმაყოფილების ხარისხი მაღალია; დოკუმენტების შეგროვება მარტივი იყო 90%-ზე მეტისთვის; "
            "უმეტესობამ იცოდა სერვისების შესახებ; თანამშრომლების პროფესიონალიზმი და დახმარების მზაობა მაღლა "
            "შეფასდა. უკუკავშირი მხოლოდ მატერიალური ფორმით შემოვიდა; ელ. ფოსტით შემოსულ 4 განცხადებაზე "
            "უკუკავშირი არ დაბრუნებულა. 3 ფორმაზე სერვისი ვერ დადგინდა."
        ),
    )
    Report.objects.filter(pk=report.pk).update(created_on=datetime.date(2025, 9, 20))
    report = services.report_approve(actor=head, report=report)
    meeting = services.meeting_record(
        actor=officer,
        held_on=datetime.date(2025, 10, 14),
        report=report,
        participants="მერის მოადგილეები; ადმინისტრაციული სამსახური; სოციალური სამსახური; ფინანსური სამსახური",
        agenda="1. უკუკავშირის ანალიზის ანგარიშის გაცნობა (2025 წლის ივნისი-აგვისტო)\n2. შესაძლო გადაწყვეტები",
        minutes=(
            "განხილულ იქნა ანგარიში. მოქალაქეები ითხოვენ დახმარების ოდენობის გაზრდას და სოციალური ბაზიდან "
            "ამონაწერის მერიის მიერ გამოთხოვას. შემუშავდა წინადადებები 2026 წლის სოციალური პროგრამისთვის."
        ),
    )
    heating = Service.objects.filter(code="winter_heating_aid").order_by("-programme__year").first()
    budget_2026 = BudgetLine.objects.filter(service__code="winter_heating_aid", year=2026).first()
    decisions = [
        {
            "change": (
                "2026 წლის სოციალური პროგრამის დადგენილებაში: ბენეფიციარის თანხმობით მერია თავად გამოითხოვს "
                "ინფორმაციას პირის სოციალური მდგომარეობის შესახებ (ამონაწერი აღარ მოეთხოვება მოქალაქეს)."
            ),
            "responsible": "სოციალური სამსახური",
            "due_on": datetime.date(2026, 1, 1),
            "status": Decision.Status.ADOPTED,
        },
        {
            "change": "2026 წლის ბიუჯეტის პროექტში ზოგიერთი სოციალური სერვისის მოსარგებლეთათვის თანხის გაზრდა.",
            "responsible": "ფინანსური სამსახური",
            "service": heating,
            "budget_line": budget_2026,
            "due_on": datetime.date(2026, 1, 1),
            "status": Decision.Status.ADOPTED,
        },
        {
            "change": "უკუკავშირის მექანიზმის გავრცელება სხვა მუნიციპალურ სერვისებზე.",
            "responsible": "ადმინისტრაციული სამსახური",
            "due_on": datetime.date(2026, 6, 1),
            "status": Decision.Status.PROPOSED,
        },
    ]
    for spec in decisions:
        status = spec.pop("status")
        decision = services.decision_add(actor=officer, meeting=meeting, **spec)
        if status == Decision.Status.ADOPTED:
            services.decision_set_status(
                actor=officer, decision=decision, status=status, on=datetime.date(2025, 11, 20)
            )
    services.report_publish(actor=head, report=report, on=datetime.date(2025, 11, 28))
    # the services stamp today's date; the demo tells the 2025 story
    Report.objects.filter(pk=report.pk).update(approved_on=datetime.date(2025, 10, 1))
