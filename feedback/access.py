"""Who may open each feedback URL (read by the URL matrix test, see municipal_platform/access.py).

The object rules: a council member reads only published reports (`selectors.report_may_read`); citizens
read only published (or withdrawn) reports, never a draft; an import upload is its uploader's.
"""

import datetime
from collections.abc import Mapping

from municipal_platform.access import EVERYONE, NOBODY, Rule, first, who
from municipal_platform.roles import MUNICIPALITY_ROLES, Role

from .services import COLLECTORS

OFFICER = who(Role.FEEDBACK_OFFICER)
HEAD = who(Role.HEAD_OF_SERVICE)
COLLECT = who(*COLLECTORS)
REPORT_READERS = who(*COLLECTORS, Role.COUNCIL_MEMBER)
MEETING_READERS = who(Role.FEEDBACK_OFFICER, Role.COUNCIL_MEMBER)
ALL_MUNICIPAL = who(*MUNICIPALITY_ROLES)


def reports(param: str = "pk", **extra: object):
    """A draft and a published report of the schema."""

    def find() -> Mapping[str, Mapping[str, object]]:
        from .models import Report

        found = {}
        for status in (Report.Status.DRAFT, Report.Status.PUBLISHED):
            report = Report.objects.filter(status=status).order_by("pk").first()
            assert report is not None, f"no {status} report in this schema"
            found[str(status)] = {param: report.pk, **extra}
        return found

    return find


def invitation_link(**extra: object):
    """A usable invitation link: the test data stores the token it sent in the invitation's e-mail field
    (``matrix-token@example.ge`` -> ``matrix-token``) so the finder can give it back."""

    def find() -> Mapping[str, Mapping[str, object]]:
        from .models import Invitation

        invitation = Invitation.objects.filter(email__endswith="@matrix.test").select_related("form").first()
        assert invitation is not None, "no invitation of the matrix test in this schema"
        token = invitation.email.split("@", 1)[0]
        return {"": {"token": token, **({"code": invitation.form.code} if extra.get("with_code") else {})}}

    return find


form = first("feedback.Form", param="code", attr="code", code="annex-1")
COUNCIL_SEES_PUBLISHED = {"draft": who(*COLLECTORS)}

RULES = {
    # staff pages (/feedback/)
    "feedback:home": Rule(read=COLLECT, post=COLLECT),
    "feedback:form_new": Rule(read=OFFICER, post=OFFICER),
    "feedback:form_detail": Rule(read=COLLECT, post=COLLECT, objects=form),
    "feedback:form_edit": Rule(read=OFFICER, post=OFFICER, objects=form),
    "feedback:form_pdf": Rule(read=COLLECT, post=COLLECT, objects=form),
    "feedback:batch_list": Rule(read=COLLECT, post=COLLECT),
    "feedback:batch_detail": Rule(read=COLLECT, post=COLLECT, objects=first("feedback.BoxBatch")),
    # the opening record's scan: a download for the collectors, never a public media URL
    "feedback:batch_scan": Rule(read=COLLECT, post=COLLECT, objects=first("feedback.BoxBatch", scan__gt="")),
    "feedback:batch_close": Rule(post=COLLECT, objects=first("feedback.BoxBatch")),
    "feedback:registry": Rule(read=COLLECT, post=COLLECT),
    "feedback:registry_correct": Rule(read=COLLECT, post=COLLECT, objects=first("feedback.RegistryComment")),
    "feedback:comments": Rule(read=OFFICER, post=OFFICER),
    "feedback:comment_tag": Rule(post=OFFICER, objects=first("feedback.Answer", text__gt="")),
    "feedback:comments_accept": Rule(post=OFFICER),
    "feedback:themes": Rule(read=OFFICER, post=OFFICER),
    "feedback:report_list": Rule(read=REPORT_READERS, post=REPORT_READERS),
    "feedback:report_detail": Rule(
        read=REPORT_READERS, post=REPORT_READERS, objects=reports(), per_object=COUNCIL_SEES_PUBLISHED
    ),
    "feedback:report_edit": Rule(post=OFFICER, objects=reports()),
    "feedback:report_pdf": Rule(read=OFFICER, post=OFFICER, objects=reports()),
    "feedback:report_withdraw": Rule(post=HEAD, objects=reports()),
    "feedback:report_correct": Rule(post=OFFICER, objects=reports()),
    "feedback:report_transition": Rule(post=HEAD, objects=reports(action="approve")),
    "feedback:meeting_list": Rule(read=MEETING_READERS, post=MEETING_READERS),
    "feedback:meeting_detail": Rule(
        read=MEETING_READERS, post=MEETING_READERS, objects=first("feedback.WorkingMeeting")
    ),
    "feedback:decision_status": Rule(post=OFFICER, objects=first("feedback.Decision")),
    "feedback:invitations": Rule(read=OFFICER, post=OFFICER),
    "feedback:settings": Rule(read=HEAD, post=HEAD),
    "feedback:import": Rule(read=OFFICER, post=OFFICER),
    "feedback:import_mapping": Rule(read=OFFICER, post=OFFICER),
    # an upload is its uploader's (the selector reads the actor's own): the example is the officer's
    "feedback:import_mapping_edit": Rule(
        read=OFFICER, post=OFFICER, reach=False, objects=first("feedback.ImportUpload")
    ),
    "feedback:import_file": Rule(read=OFFICER, post=OFFICER, objects=first("feedback.ImportFile")),
    # API (/api/v1/feedback/)
    "feedback_api:summary": Rule(read=ALL_MUNICIPAL, query="from=2025-06-01&to=2025-08-31"),
    "feedback_api:reports": Rule(read=who(Role.FEEDBACK_OFFICER, Role.FRONT_DESK)),
    "feedback_api:form": Rule(read=EVERYONE, objects=form),
    "feedback_api:submit": Rule(post=EVERYONE, objects=form),
    # citizens' pages (no login)
    "citizen:opt_out": Rule(read=EVERYONE, post=EVERYONE, objects=invitation_link()),
    "citizen:form": Rule(read=EVERYONE, post=EVERYONE, objects=form),
    "citizen:thanks": Rule(read=EVERYONE, post=EVERYONE, objects=form),
    "citizen:invited_form": Rule(read=EVERYONE, post=EVERYONE, objects=invitation_link(with_code=True)),
    "citizen:report_index": Rule(read=EVERYONE, post=EVERYONE),
    "citizen:report": Rule(
        read=EVERYONE, post=EVERYONE, objects=reports(param="report_id"), per_object={"draft": NOBODY}
    ),
    "citizen:report_pdf": Rule(
        read=EVERYONE, post=EVERYONE, objects=reports(param="report_id"), per_object={"draft": NOBODY}
    ),
}


def examples(*, municipality) -> None:
    """A box batch, a registry row, a comment, a published and a draft report, a meeting with a decision,
    an import upload and a usable invitation link (for the URL matrix test; after programmes' examples)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from municipal_platform.accounts.models import User
    from programmes.models import BenefitApplication

    from . import services
    from .models import (
        Answer,
        Decision,
        FeedbackSettings,
        Form,
        ImportUpload,
        Invitation,
        RegistryComment,
        Response,
        WorkingMeeting,
    )
    from .selectors import current_version

    users = {u.username: u for u in User.objects.filter(username__in=("head", "frontdesk", "officer"))}
    head, frontdesk, officer = users["head"], users["frontdesk"], users["officer"]
    form = Form.objects.get(code="annex-1")
    version = current_version(form)
    day = datetime.date(2025, 6, 20)
    batch = services.batch_open(actor=frontdesk, opened_on=day, counted=1, form=form)
    if hasattr(services, "batch_scan_attach"):  # stored files (scans, kept import files)
        scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%matrix\n", content_type="application/pdf")
        services.batch_scan_attach(actor=frontdesk, batch=batch, upload=scan)
        services.import_file_keep(actor=officer, form=form, file_name="a.csv", text="a\n1\n", rows=1, added=0)
    RegistryComment.objects.create(received_on=day, text="შენიშვნა", recorded_by=frontdesk)
    response = Response.objects.create(version=version, channel="paper", submitted_on=day)
    question = version.questions.filter(kind="text").first()
    Answer.objects.create(response=response, question=question, submitted_on=day, text="კომენტარი")
    FeedbackSettings.objects.get_or_create(pk=1)
    FeedbackSettings.objects.filter(pk=1).update(reporting_start=datetime.date(2025, 6, 1))
    period = {"period_from": datetime.date(2025, 6, 1), "period_to": datetime.date(2025, 8, 31)}
    published = services.report_create(actor=officer, title="გამოქვეყნებული", **period)
    published = services.report_approve(actor=head, report=published)
    services.report_publish(actor=head, report=published, on=datetime.date(2025, 11, 28))
    services.report_create(actor=officer, title="პროექტი", **period)
    meeting = WorkingMeeting.objects.create(
        held_on=datetime.date(2025, 10, 14),
        report=published,
        participants="ა",
        agenda="ბ",
        recorded_by=officer,
    )
    Decision.objects.create(meeting=meeting, change="ცვლილება", responsible="სამსახური")
    ImportUpload.objects.create(
        uploaded_by=officer, form=form, file_name="a.csv", headers=["a"], text="a\n1\n"
    )
    token = f"matrix{municipality.slug}token"
    Invitation.objects.create(
        application=BenefitApplication.objects.order_by("pk").first(),
        email=f"{token}@matrix.test",
        form=Form.objects.get(code="annex-2"),
        status=Invitation.Status.SENT,
        token_hash=services.token_digest(token),
        sent_on=datetime.date(2025, 6, 21),
        expires_on=datetime.date(2099, 1, 1),
    )
