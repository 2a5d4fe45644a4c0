"""Anonymity against a database reader: whoever reads the whole database and also holds the sent
invitation e-mails (their tokens) cannot find the invitation row a token was, so cannot pair a response
with the address it was sent to. Every stored digest of a token is keyed by a key the database does not
hold; rows sent before keyed digests keep their plain digests only while pending."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest
from django.core import mail
from django.db import connection

from feedback import services
from feedback.models import Invitation, Response
from programmes.models import BenefitApplication
from programmes.signals import service_ended
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"/f/annex-2/t/([\w-]+)/")
ANSWER = {"service": "newborn_aid", "q_documents_easy": "yes", "q_satisfaction": "4"}


def token_of(address: str) -> str:
    return TOKEN.search(next(m for m in mail.outbox if m.to == [address]).body).group(1)


def unkeyed_derivations(token: str) -> set[str]:
    """What a reader can compute from a token without a key: plain digests in hex and base64, and HMACs
    keyed by the token itself or by nothing."""
    derived = {token}
    for data in (token.encode(), token.encode().hex().encode()):
        for name in ("sha256", "sha1", "md5", "sha512", "sha3_256", "blake2b", "sha224", "sha384"):
            digest = hashlib.new(name, data).digest()
            derived |= {
                digest.hex(),
                base64.b64encode(digest).decode(),
                base64.urlsafe_b64encode(digest).decode(),
            }
        for key in (b"", data):
            derived.add(hmac.new(key, data, "sha256").hexdigest())
    return {value.lower() for value in derived} | derived


def whole_schema_text(schema: str) -> str:
    """Every row of every table of the schema, as text: what a database reader sees."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema],
        )
        tables = [row[0] for row in cursor.fetchall()]
        texts = []
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{schema}"."{table}" t')
            texts.extend(row[0] for row in cursor.fetchall())
    return "\n".join(texts)


def test_a_reader_with_the_database_and_the_emails_cannot_find_the_answered_invitation(
    ambrolauri, make_application, email_form, catalogue
):
    addresses = [f"reader{i}@example.ge" for i in range(3)]
    for address in addresses:
        service_ended.send(sender=BenefitApplication, application=make_application(email=address))
    services.invitations_send_batch()
    tokens = {address: token_of(address) for address in addresses}
    answered = client_for(ambrolauri).post(f"/f/annex-2/t/{tokens[addresses[1]]}/", ANSWER)
    assert answered.status_code == 302 and Response.objects.filter(channel="email").count() == 1

    dump = whole_schema_text("ambrolauri")
    for address, token in tokens.items():
        found = [value for value in unkeyed_derivations(token) if value in dump]
        assert found == [], (address, found)
    # the answered link is still refused, by its keyed digest
    assert client_for(ambrolauri).post(f"/f/annex-2/t/{tokens[addresses[1]]}/", ANSWER).status_code == 200
    assert Response.objects.count() == 1


def test_the_digest_needs_the_key(settings):
    first = services.token_digest("a-token")
    settings.PSEUDONYM_KEY = "another key"
    assert services.token_digest("a-token") != first
    assert first != services.sha256("a-token")


def make_legacy(invitation: Invitation, token: str) -> None:
    """A row as sent before keyed digests (what migration 0010 marks): its plain sha256 digest."""
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=services.sha256(token), legacy_digest=True)


@pytest.fixture
def legacy_sent(make_application, email_form):
    application = make_application(email="legacy@example.ge")
    service_ended.send(sender=BenefitApplication, application=application)
    invitation = Invitation.objects.get(application=application)
    services.invitation_send_one(invitation_id=invitation.pk)
    token = token_of("legacy@example.ge")
    make_legacy(invitation, token)
    return token


def test_a_link_sent_before_keyed_digests_still_works_and_its_spent_row_keeps_only_the_keyed_digest(
    ambrolauri, legacy_sent, catalogue
):
    client = client_for(ambrolauri)
    assert client.get(f"/f/annex-2/t/{legacy_sent}/").status_code == 200
    assert client.post(f"/f/annex-2/t/{legacy_sent}/", ANSWER).status_code == 302
    used = Invitation.objects.values("status", "token_hash", "reminder_token_hash", "legacy_digest").get()
    assert used == {
        "status": "used",
        "token_hash": services.token_digest(legacy_sent),
        "reminder_token_hash": None,
        "legacy_digest": False,
    }
    assert services.sha256(legacy_sent) not in whole_schema_text("ambrolauri")
    assert client.post(f"/f/annex-2/t/{legacy_sent}/", ANSWER).status_code == 200  # used: refused
    assert Response.objects.count() == 1


def test_a_legacy_link_that_expires_keeps_no_digest(ambrolauri, legacy_sent):
    import datetime

    from municipal_platform.clock import today

    services.invitations_expire(on=today() + datetime.timedelta(days=365))
    assert list(Invitation.objects.values_list("status", "token_hash", "reminder_token_hash")) == [
        ("expired", None, None)
    ]
    with pytest.raises(services.InvitationUnusable):
        services.invitation_check(token=legacy_sent)


def test_a_plain_digest_is_accepted_only_from_a_row_marked_legacy(ambrolauri, invitation_sent):
    invitation, token = invitation_sent
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=services.sha256(token))
    with pytest.raises(services.InvitationUnusable):
        services.invitation_check(token=token)


@pytest.fixture
def invitation_sent(make_application, email_form):
    application = make_application(email="plain@example.ge")
    service_ended.send(sender=BenefitApplication, application=application)
    invitation = Invitation.objects.get(application=application)
    services.invitation_send_one(invitation_id=invitation.pk)
    return invitation, token_of("plain@example.ge")
