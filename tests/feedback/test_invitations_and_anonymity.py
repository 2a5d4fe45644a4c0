"""E-mail invitations (queued on service end, sent idempotently in batches, one reminder, opt-out,
single-use links) and anonymity by construction."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection, models, transaction

from feedback import services, tasks
from feedback.models import Answer, Invitation, InvitedApplication, OptOut, Response
from feedback.services import invitations as invitation_module
from municipal_platform.clock import today
from programmes.models import BenefitApplication
from programmes.signals import service_ended
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"/f/annex-2/t/([\w-]+)/")


def sent_token(index: int = -1) -> str:
    return TOKEN.search(mail.outbox[index].body).group(1)


@pytest.fixture
def invitation(make_application, email_form):
    application = make_application()
    service_ended.send(sender=BenefitApplication, application=application)
    return Invitation.objects.get(application=application)


def test_service_end_queues_one_invitation_when_there_is_an_email(make_application, email_form):
    with_email, without = make_application(), make_application(email="")
    for application in (with_email, with_email, without):
        service_ended.send(sender=BenefitApplication, application=application)
    assert Invitation.objects.filter(application=with_email, status="queued").count() == 1
    assert not Invitation.objects.filter(application=without).exists()


def test_sending_twice_sends_one_mail_and_stores_only_the_hash(invitation):
    assert tasks.send_invitation(invitation.pk) is True
    assert tasks.send_invitation(invitation.pk) is False  # a retry or a second worker
    assert len(mail.outbox) == 1
    token = sent_token()
    invitation.refresh_from_db()
    assert invitation.status == "sent"
    assert invitation.token_hash == services.token_digest(token) != services.sha256(token)
    row = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in str(row)


def test_a_failed_send_records_nothing_so_the_retry_sends(invitation, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(invitation_module, "send_mail", broken)
    with pytest.raises(OSError):
        services.invitation_send_one(invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.token_hash) == ("queued", None)


def test_batch_task_dispatches_one_task_per_invitation_on_commit(
    invitation, make_application, django_capture_on_commit_callbacks
):
    service_ended.send(sender=BenefitApplication, application=make_application())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = tasks.send_invitation_batch()
    assert result["send"] == 2
    assert len(callbacks) == 2
    assert not mail.outbox  # nothing is sent before commit


def test_scheduler_sends_only_on_the_configured_weekdays(ambrolauri, in_ambrolauri):
    from django_tenants.utils import schema_context

    with schema_context("public"):
        monday = tasks.schedule_invitation_batches(on="2026-11-30")
        tuesday = tasks.schedule_invitation_batches(on="2026-12-01")
    assert "ambrolauri" in monday and "ambrolauri" not in tuesday


def test_one_reminder_after_the_configured_days(invitation):
    day = datetime.date(2026, 11, 2)
    services.invitations_send_batch(on=day)
    assert services.invitations_send_batch(on=day + datetime.timedelta(days=3)) == {
        "sent": 0,
        "reminded": 0,
        "expired": 0,
    }
    later = day + datetime.timedelta(days=8)
    assert services.invitations_send_batch(on=later)["reminded"] == 1
    assert services.invitations_send_batch(on=later)["reminded"] == 0
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("შეხსენება") or "Reminder" in mail.outbox[1].subject


def test_link_works_once_then_shows_a_friendly_page_and_stores_nothing(ambrolauri, invitation, catalogue):
    services.invitation_send_one(invitation_id=invitation.pk)
    token = sent_token()
    client = client_for(ambrolauri)
    page = client.get(f"/f/annex-2/t/{token}/")
    assert page.status_code == 200 and 'value="newborn_aid" selected' in page.content.decode()
    data = {"service": "newborn_aid", "q_documents_easy": "yes", "q_satisfaction": "4"}
    assert client.post(f"/f/annex-2/t/{token}/", data).status_code == 302
    assert Response.objects.filter(channel="email").count() == 1
    again = client.post(f"/f/annex-2/t/{token}/", data)
    assert again.status_code == 200
    assert "ბმული" in again.content.decode() or "link" in again.content.decode()
    assert Response.objects.count() == 1
    assert list(Invitation.objects.values_list("status", flat=True)) == ["used"]


def test_invalid_answers_through_a_link_keep_the_link_usable(ambrolauri, invitation, catalogue):
    services.invitation_send_one(invitation_id=invitation.pk)
    token = sent_token()
    client = client_for(ambrolauri)
    assert client.post(f"/f/annex-2/t/{token}/", {"q_satisfaction": "8"}).status_code == 400
    assert not Response.objects.exists()
    assert (
        client.post(f"/f/annex-2/t/{token}/", {"q_documents_easy": "no", "q_satisfaction": "3"}).status_code
        == 302
    )


def test_expired_link_stores_nothing(ambrolauri, invitation, catalogue):
    services.invitation_send_one(invitation_id=invitation.pk, on=datetime.date(2025, 1, 1))
    token = sent_token()
    response = client_for(ambrolauri).post(
        f"/f/annex-2/t/{token}/", {"q_documents_easy": "yes", "q_satisfaction": "4"}
    )
    assert response.status_code == 200
    assert not Response.objects.exists()
    assert client_for(ambrolauri).get("/f/annex-2/t/not-a-token/").status_code == 200


def test_opt_out_stops_future_invitations(ambrolauri, invitation, make_application):
    services.invitation_send_one(invitation_id=invitation.pk)
    token = sent_token()
    assert client_for(ambrolauri).post(f"/f/optout/{token}/").status_code == 200
    # only a keyed digest is kept: the address cannot be confirmed by hashing guesses
    assert not OptOut.objects.filter(email_hash=services.sha256("citizen@example.ge")).exists()
    assert "citizen@example.ge" not in str(list(OptOut.objects.values()))
    later = make_application(email="Citizen@example.ge ")
    service_ended.send(sender=BenefitApplication, application=later)
    assert not Invitation.objects.filter(application=later).exists()
    assert list(Invitation.objects.values_list("status", "application", "email")) == [("opted_out", None, "")]


def test_tokens_and_addresses_never_reach_the_logs(ambrolauri, invitation, catalogue, caplog):
    caplog.set_level(logging.DEBUG)
    services.invitation_send_one(invitation_id=invitation.pk)
    token = sent_token()
    client = client_for(ambrolauri)
    client.post(f"/f/annex-2/t/{token}/", {"q_satisfaction": "9"})  # 400
    client.post(f"/f/annex-2/t/{token}/", {"q_documents_easy": "yes", "q_satisfaction": "4"})
    client.get(f"/f/annex-2/t/{token}/")  # used
    assert token not in caplog.text
    assert "127.0.0.1" not in caplog.text
    assert "citizen@example.ge" not in caplog.text


# --- anonymity by construction ------------------------------------------------------------------------

IDENTIFYING = {
    "programmes.person",
    "programmes.benefitapplication",
    "feedback.invitation",
    "feedback.optout",
    "programmes.household",
}


def forward_reachable(model, seen=None) -> set[str]:
    """Every model a query can reach from ``model`` by following foreign keys forward (joins on columns
    the row holds)."""
    seen = set() if seen is None else seen
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey):
            target = field.related_model
            label = target._meta.label_lower
            if label not in seen:
                seen.add(label)
                forward_reachable(target, seen)
    return seen


def test_no_column_path_joins_a_response_to_an_applicant_invitation_or_email():
    for model in (apps.get_model("feedback", "Response"), apps.get_model("feedback", "Answer")):
        reachable = forward_reachable(model)
        assert not reachable & IDENTIFYING, reachable & IDENTIFYING
        # the only e-mail column reachable is the staff user's who opened a box (never a respondent)
        with_email = {
            label
            for label in reachable
            if any(isinstance(f, models.EmailField) for f in apps.get_model(label)._meta.concrete_fields)
        }
        assert with_email <= {"accounts.user"}


def test_no_foreign_key_in_the_database_points_from_identifying_tables_to_responses(in_ambrolauri):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT tc.table_name, ccu.table_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.constraint_column_usage ccu
              ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'ambrolauri'
            """
        )
        edges = cursor.fetchall()
    for source, target in edges:
        if target in ("feedback_response", "feedback_answer"):
            assert source in ("feedback_answer",), (source, target)
        if source in ("feedback_response", "feedback_answer"):
            assert target not in ("programmes_person", "programmes_benefitapplication", "feedback_invitation")


def test_responses_store_the_day_not_the_time_and_no_token_or_address():
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            assert not isinstance(
                field, (models.DateTimeField, models.EmailField, models.GenericIPAddressField)
            ), field
            assert "token" not in field.name and "email" not in field.name and "ip" != field.name
    for field in Invitation._meta.concrete_fields:
        assert not (isinstance(field, models.ForeignKey) and field.related_model in (Response, Answer))


# --- a used, expired or refused link keeps nothing that identifies anyone ------------------------------

JOINS_FROM_RESPONSES_TO_PEOPLE = {
    # the reviewer's join: the response and the spent invitation are written by one transaction
    "transaction id": """
        SELECT p.email FROM feedback_response r
        JOIN feedback_invitation i
          ON i.status = 'used' AND abs(r.xmin::text::bigint - i.xmin::text::bigint) <= 3
        JOIN programmes_benefitapplication a ON a.id = i.application_id
        JOIN programmes_person p ON p.id = a.applicant_id
        WHERE r.channel = 'email'
    """,
    "address kept on the invitation": """
        SELECT i.email FROM feedback_response r
        JOIN feedback_invitation i ON i.status = 'used' AND i.email <> ''
        WHERE r.channel = 'email'
    """,
    # the used invitation's service against the response's (pre-selected) service
    "service": """
        SELECT p.email FROM feedback_response r
        JOIN feedback_invitation i ON i.status = 'used'
        JOIN programmes_benefitapplication a ON a.id = i.application_id AND a.service_id = r.service_id
        JOIN programmes_person p ON p.id = a.applicant_id
        WHERE r.channel = 'email'
    """,
    # the used invitation's place in the queue against the ledger's (both written when queued)
    "queue order": """
        WITH used AS (
            SELECT rank FROM (SELECT id, status, row_number() OVER (ORDER BY id) AS rank
                              FROM feedback_invitation) i WHERE status = 'used'
        ), ledger AS (
            SELECT application_id, row_number() OVER (ORDER BY queued_on, application_id) AS rank
            FROM feedback_invitedapplication
        )
        SELECT p.email FROM used JOIN ledger USING (rank)
        JOIN programmes_benefitapplication a ON a.id = ledger.application_id
        JOIN programmes_person p ON p.id = a.applicant_id
    """,
    "queue day": """
        SELECT p.email FROM feedback_invitation i
        JOIN feedback_invitedapplication l ON l.queued_on = i.queued_on
        JOIN programmes_benefitapplication a ON a.id = l.application_id
        JOIN programmes_person p ON p.id = a.applicant_id
        WHERE i.status = 'used'
    """,
}


def test_an_answer_through_a_link_cannot_be_joined_to_the_person_who_was_invited(
    ambrolauri, make_application, email_form, catalogue
):
    """Three citizens are invited; the second answers. No join from the responses reaches her."""
    applications = [make_application(email=f"citizen{i}@example.ge") for i in range(3)]
    for application in applications:
        service_ended.send(sender=BenefitApplication, application=application)
    services.invitations_send_batch()
    token = TOKEN.search(next(m for m in mail.outbox if m.to == ["citizen1@example.ge"]).body).group(1)
    answered = client_for(ambrolauri).post(
        f"/f/annex-2/t/{token}/", {"service": "newborn_aid", "q_documents_easy": "yes", "q_satisfaction": "2"}
    )
    assert answered.status_code == 302 and Response.objects.filter(channel="email").count() == 1
    with connection.cursor() as cursor:
        for name, sql in JOINS_FROM_RESPONSES_TO_PEOPLE.items():
            cursor.execute(sql)
            found = [row[0] for row in cursor.fetchall()]
            assert "citizen1@example.ge" not in found, name
            if name != "queue order":  # a rank always pairs with some rank; it must not be hers
                assert found == [], name
    used = Invitation.objects.filter(status="used").values().get()
    assert (used["application_id"], used["email"], used["queued_on"], used["sent_on"]) == (
        None,
        "",
        None,
        None,
    )
    # kept only to refuse the link again, and keyed: the e-mail's token alone does not find this row
    assert used["token_hash"] == services.token_digest(token) != services.sha256(token)


def test_expired_and_refused_links_forget_the_applicant_too(ambrolauri, make_application, email_form):
    expiring, refusing = make_application(email="late@example.ge"), make_application(email="no@example.ge")
    for application in (expiring, refusing):
        service_ended.send(sender=BenefitApplication, application=application)
    services.invitations_send_batch()
    token = TOKEN.search(next(m for m in mail.outbox if m.to == ["no@example.ge"]).body).group(1)
    services.invitation_opt_out(token=token)
    services.invitations_expire(on=today() + datetime.timedelta(days=60))
    rows = list(
        Invitation.objects.order_by("status").values_list("status", "application", "email", "sent_on")
    )
    assert rows == [("expired", None, "", None), ("opted_out", None, "", None)]


def test_an_answered_application_is_not_invited_again(ambrolauri, invitation, catalogue):
    services.invitation_send_one(invitation_id=invitation.pk)
    services.invitation_response_submit(
        token=sent_token(), data={"answers": {"documents_easy": "yes", "satisfaction": 3}}
    )
    service_ended.send(sender=BenefitApplication, application=invitation_application(invitation))
    assert list(Invitation.objects.values_list("status", flat=True)) == ["used"]
    services.invitations_send_batch()
    assert len(mail.outbox) == 1


def invitation_application(invitation: Invitation) -> BenefitApplication:
    return BenefitApplication.objects.get(pk=InvitedApplication.objects.get().pk)


def test_the_queued_invitation_is_written_in_the_callers_transaction(make_application, email_form):
    """Sent inside the change's transaction, the invitation (the outbox row) commits or rolls back with it."""
    application = make_application()
    with pytest.raises(RuntimeError), transaction.atomic():
        service_ended.send(sender=BenefitApplication, application=application)
        assert Invitation.objects.filter(application=application, status="queued").exists()
        raise RuntimeError("the change failed")
    assert not Invitation.objects.exists() and not InvitedApplication.objects.exists()
    service_ended.send(sender=BenefitApplication, application=application)  # e.g. sent again on commit
    service_ended.send(sender=BenefitApplication, application=application)
    assert Invitation.objects.filter(application=application, status="queued").count() == 1


def test_a_link_with_another_form_code_shows_the_friendly_page_and_logs_no_token(
    ambrolauri, invitation, catalogue, caplog
):
    caplog.set_level(logging.DEBUG)
    services.invitation_send_one(invitation_id=invitation.pk)
    token = sent_token()
    client = client_for(ambrolauri)
    for method in (client.get, client.post):
        page = method(f"/f/annex-1/t/{token}/")
        assert page.status_code == 200
        assert page["Referrer-Policy"] == "no-referrer"
    assert token not in caplog.text
    assert not Response.objects.exists()
    assert client.get(f"/f/annex-2/t/{token}/").status_code == 200  # the right link still works
    assert Invitation.objects.get().status == "sent"


@pytest.mark.parametrize(("secure", "scheme"), [(True, "https"), (False, "http")])
def test_invitation_links_use_the_sites_scheme(invitation, settings, secure, scheme):
    settings.SITE_SCHEME = scheme
    settings.SESSION_COOKIE_SECURE = not secure  # the cookie setting does not decide the link
    settings.PUBLIC_URL_PORT = None
    services.invitation_send_one(invitation_id=invitation.pk)
    assert re.search(rf"{scheme}://ambrolauri\.[\w.]+/f/annex-2/t/", mail.outbox[0].body)
    assert re.search(rf"{scheme}://ambrolauri\.[\w.]+/f/optout/", mail.outbox[0].body)


def test_invitation_links_carry_the_public_url_port(invitation, settings):
    settings.SITE_SCHEME, settings.PUBLIC_URL_PORT = "http", 8123
    services.invitation_send_one(invitation_id=invitation.pk)
    assert re.search(r"http://ambrolauri\.[\w.]+:8123/f/annex-2/t/", mail.outbox[0].body)


def test_the_invitations_page_names_the_sending_days(ambrolauri, head):
    from feedback.selectors import settings_get

    current = settings_get()
    services.settings_update(
        actor=head,
        suppression_threshold=current.suppression_threshold,
        invitation_weekdays="4,1",
        invitation_valid_days=current.invitation_valid_days,
        reminder_after_days=current.reminder_after_days,
    )
    officer = client_for(ambrolauri, "officer")
    page = officer.get("/feedback/invitations/").content.decode()
    assert "ორშაბათს, ხუთშაბათს" in page and "1 = ორშაბათი" not in page
    officer.cookies["django_language"] = "en"
    assert (
        "sent automatically on Monday, Thursday, with one reminder"
        in officer.get("/feedback/invitations/").content.decode()
    )
