"""Retention: invitation addresses, the digests of ended links, imported files and box-batch scans are
deleted after the municipality's own periods (feedback settings), by a daily task in each schema."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from feedback import services, tasks
from feedback.models import BoxBatch, FeedbackSettings, ImportFile, Invitation
from municipal_platform.clock import today
from programmes.models import BenefitApplication
from programmes.signals import service_ended
from tests.conftest import client_for

from .test_csv_import import CSV, MAPPING

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"/f/annex-2/t/([\w-]+)/")
DAY = datetime.timedelta(days=1)


def invite(make_application, email: str, *, on: datetime.date | None = None) -> Invitation:
    application = make_application(email=email)
    service_ended.send(sender=BenefitApplication, application=application)
    invitation = Invitation.objects.get(application=application)
    if on is not None:
        services.invitation_send_one(invitation_id=invitation.pk, on=on)
    return invitation


def test_an_unanswered_invitation_loses_its_address_after_the_set_days(make_application, email_form):
    days = FeedbackSettings.objects.get_or_create(pk=1)[0].invitation_address_days
    on = today()
    old = invite(make_application, "old@example.ge", on=on - datetime.timedelta(days=days))
    invite(make_application, "recent@example.ge", on=on - DAY)
    never_sent = invite(make_application, "queued@example.ge")
    Invitation.objects.filter(pk=never_sent.pk).update(queued_on=on - datetime.timedelta(days=days))

    assert services.retention_run(on=on)["addresses"] == 2
    emails = set(Invitation.objects.values_list("email", flat=True))
    assert emails == {"recent@example.ge", ""}
    assert not Invitation.objects.filter(pk__in=[old.pk, never_sent.pk]).exists()
    assert Invitation.objects.filter(status="expired", application=None).count() == 2
    assert services.retention_run(on=on)["addresses"] == 0  # a second run finds nothing


def test_the_digest_of_an_ended_link_is_deleted_after_the_set_days(
    ambrolauri, make_application, email_form, catalogue
):
    invite(make_application, "used@example.ge", on=today())
    token = TOKEN.search(mail.outbox[-1].body).group(1)
    services.invitation_response_submit(
        token=token, data={"answers": {"documents_easy": "yes", "satisfaction": 3}}
    )
    used = Invitation.objects.get()
    days = FeedbackSettings.objects.get().invitation_token_days
    # from the Monday on or after the day it ended plus the set days (a week, not the day, is kept)
    assert used.forget_on.isoweekday() == 1
    assert (
        today() + datetime.timedelta(days=days)
        <= used.forget_on
        < today() + datetime.timedelta(days=days + 7)
    )
    assert services.retention_run(on=used.forget_on - DAY)["link_digests"] == 0
    assert services.retention_run(on=used.forget_on)["link_digests"] == 1
    assert list(
        Invitation.objects.values_list("status", "token_hash", "reminder_token_hash", "forget_on")
    ) == [("used", None, None, None)]
    # the link is refused all the same
    with pytest.raises(services.InvitationUnusable):
        services.invitation_check(token=token)


def test_imported_files_are_deleted_from_the_disk_after_the_set_days(officer, paper_form, catalogue):
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=CSV)
    kept = ImportFile.objects.get()
    days = FeedbackSettings.objects.get_or_create(pk=1)[0].import_file_days
    path = Path(settings.MEDIA_ROOT, kept.file.name)
    assert path.exists()
    assert services.retention_run(on=today() + datetime.timedelta(days=days - 1))["import_files"] == 0
    assert services.retention_run(on=today() + datetime.timedelta(days=days))["import_files"] == 1
    assert not ImportFile.objects.exists() and not path.exists()


def test_box_batch_scans_are_deleted_after_the_set_days_counted_from_the_opening(frontdesk, paper_form):
    opened = today() - datetime.timedelta(days=400)
    old = services.batch_open(actor=frontdesk, opened_on=opened, counted=1, form=paper_form)
    new = services.batch_open(actor=frontdesk, opened_on=today(), counted=1, form=paper_form)
    for batch in (old, new):
        services.batch_scan_attach(
            actor=frontdesk, batch=batch, upload=SimpleUploadedFile("s.pdf", b"%PDF-1.4 scan")
        )
    old.refresh_from_db()
    path = Path(settings.MEDIA_ROOT, old.scan.name)
    assert services.retention_run()["batch_scans"] == 1  # 365 days by default
    old.refresh_from_db()
    assert (old.scan.name, old.scan_added_on) == ("", None)
    assert not path.exists()
    assert BoxBatch.objects.get(pk=new.pk).scan  # the recent one stays
    assert BoxBatch.objects.filter(pk=old.pk).exists()  # the batch itself is kept


def test_the_mapping_builders_forgotten_uploads_go_too(officer, paper_form):
    from feedback.models import ImportUpload

    upload = services.import_upload_create(
        actor=officer, form=paper_form, file_name="x.csv", data=CSV.encode()
    )
    ImportUpload.objects.filter(pk=upload.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert services.retention_run()["uploads"] == 1


def test_the_head_sets_the_periods_on_the_settings_page(ambrolauri, head):
    client = client_for(ambrolauri, "head")
    client.cookies["django_language"] = "en"
    form = {
        "suppression_threshold": 5,
        "invitation_weekdays": "1,4",
        "invitation_valid_days": 30,
        "reminder_after_days": 7,
        "invitation_address_days": 45,
        "invitation_token_days": 30,
        "import_file_days": 90,
        "batch_scan_days": 730,
    }
    page = client.get("/feedback/settings/").content.decode()
    assert 'name="import_file_days"' in page and "keep imported csv files for, days" in page.lower()
    assert client.post("/feedback/settings/", form).status_code == 302
    saved = FeedbackSettings.objects.get()
    assert (
        saved.invitation_address_days,
        saved.invitation_token_days,
        saved.import_file_days,
        saved.batch_scan_days,
    ) == (
        45,
        30,
        90,
        730,
    )
    refused = client.post("/feedback/settings/", dict(form, invitation_address_days=20))
    assert refused.status_code == 200
    assert "at least as long as an invitation is valid" in str(
        refused.context["form"].errors["invitation_address_days"]
    )
    assert FeedbackSettings.objects.get().invitation_address_days == 45


@pytest.mark.parametrize(
    "field", ["invitation_address_days", "invitation_token_days", "import_file_days", "batch_scan_days"]
)
@pytest.mark.parametrize("days", [0, 5000])
def test_the_service_refuses_a_period_out_of_range_naming_the_field(head, field, days):
    with pytest.raises(ValidationError) as refused:
        services.settings_update(
            actor=head,
            suppression_threshold=5,
            invitation_weekdays="1",
            invitation_valid_days=0 if field == "invitation_address_days" else 30,
            reminder_after_days=7,
            **{field: days},
        )
    assert list(refused.value.message_dict) == [field]


def test_the_daily_beat_entry_runs_retention_in_every_active_municipality(
    ambrolauri, tskaltubo, django_capture_on_commit_callbacks
):
    entry = settings.CELERY_BEAT_SCHEDULE["feedback-retention"]
    assert entry["task"] == "feedback.schedule_retention" == tasks.schedule_retention.name
    with schema_context("public"), django_capture_on_commit_callbacks(execute=False) as sent:
        schemas = tasks.schedule_retention(on="2026-12-01")
    assert schemas == ["ambrolauri", "tskaltubo"]
    assert len(sent) == 2


def test_the_retention_task_runs_in_its_municipalitys_schema(ambrolauri, officer, paper_form, catalogue):
    services.responses_import_csv(actor=officer, form=paper_form, mapping=MAPPING, text=CSV)
    with schema_context("tskaltubo"):
        assert (
            tasks.run_retention.apply(
                kwargs={"on": "2099-01-01"}, headers={"_schema_name": "tskaltubo"}
            ).get()["import_files"]
            == 0
        )
    assert ImportFile.objects.count() == 1
    result = tasks.run_retention.apply(
        kwargs={"on": "2099-01-01"}, headers={"_schema_name": "ambrolauri"}
    ).get()
    assert result["import_files"] == 1 and not ImportFile.objects.exists()
