"""Invitation token digests become HMAC-SHA256 keyed by settings.PSEUDONYM_KEY (a key the database does not
hold), so that whoever reads the database and holds the sent e-mails cannot find a link's row.

Existing rows: a pending row keeps its plain sha256 digests, marked `legacy_digest`, so its link keeps
working until it is used or expires (the service then stores only the keyed digest of the link that ended
it). A finished row (used, expired, opted out) drops its plain digests now: a spent link is refused all
the same, its row being gone."""

from django.db import migrations, models

PENDING = ("queued", "sent", "reminded")


def forwards(apps, schema_editor):
    Invitation = apps.get_model("feedback", "Invitation")
    pending = Invitation.objects.filter(status__in=PENDING)
    pending.exclude(token_hash=None, reminder_token_hash=None).update(legacy_digest=True)
    Invitation.objects.exclude(status__in=PENDING).update(token_hash=None, reminder_token_hash=None)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0009_report_withdrawal_and_correction"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="legacy_digest",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.RemoveConstraint(
            model_name="invitation",
            name="feedback_invitation_finished_is_anonymous",
        ),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["queued", "sent", "reminded"]),
                    models.Q(
                        ("application__isnull", True),
                        ("email", ""),
                        ("expires_on__isnull", True),
                        ("legacy_digest", False),
                        ("queued_on__isnull", True),
                        ("reminded_on__isnull", True),
                        ("sent_on__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="feedback_invitation_finished_is_anonymous",
            ),
        ),
    ]
