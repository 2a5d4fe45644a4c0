"""The histories on the application page read as sentences, not as spelled-out JSON."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from programmes import services
from tests.conftest import client_for


def _history(page: str, element_id: str) -> str:
    tag = "table" if element_id == "history" else "ul"
    return re.search(rf'id="{element_id}".*?</{tag}>', page, re.S).group(0)


def test_the_application_history_shows_labels_and_whole_values_in_georgian(
    ambrolauri, fire, make_application, head
):
    application = make_application(fire, received_on=datetime.date(2025, 7, 1))
    services.application_start_review(application=application, actor=head)
    client = client_for(ambrolauri, "head")
    history = _history(client.get(f"/programmes/applications/{application.pk}/").content.decode(), "history")
    assert "არხი: ქაღალდით, კანცელარიაში" in history  # channel: Paper, at the chancellery
    assert "შემოსვლის თარიღი: 2025-07-01" in history  # received on
    assert "სტატუსი: შემოსული → განხილვაშია" in history  # status: Received → Under review
    assert "უკუკავშირის ქაღალდის ფორმა გადაეცა: არა" in history  # feedback form handed over: no
    assert "p → a" not in history and "None" not in history and "False" not in history
    assert "received_on" not in history and "channel:" not in history


def test_the_application_history_reads_in_english(ambrolauri, fire, make_application, head):
    application = make_application(fire, received_on=datetime.date(2025, 7, 1), requested_amount=Decimal(900))
    services.application_decide(
        application=application,
        actor=head,
        approved=True,
        amount=Decimal(800),
        decided_on=datetime.date(2025, 7, 3),
    )
    client = client_for(ambrolauri, "head")
    client.post("/i18n/setlang/", {"language": "en", "next": "/programmes/"})
    history = _history(client.get(f"/programmes/applications/{application.pk}/").content.decode(), "history")
    assert "channel: Paper, at the chancellery" in history
    assert "received on: 2025-07-01" in history
    assert "paper feedback form handed over: no" in history
    assert "status: Received → Approved" in history
    assert "decided amount, GEL: 800" in history
    assert "decision reason: —" in history, "an empty value is a dash, not None"


def test_the_applicants_record_history_names_the_field_and_both_values(
    ambrolauri, fire, make_application, head
):
    application = make_application(fire)
    services.person_update(person=application.applicant, actor=head, phone="599777888", sex="male")
    page = client_for(ambrolauri, "head").get(f"/programmes/applications/{application.pk}/").content.decode()
    history = _history(page, "person-history")
    assert "ტელეფონი: — → 599777888" in history  # phone: — → 599777888
    assert "სქესი: ქალი → კაცი" in history  # sex: Female → Male
    assert "phone:" not in history and "female" not in history
