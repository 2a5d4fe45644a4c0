"""Finished invitations keep nothing that identifies anyone; queueing is kept idempotent by a separate
ledger. Existing rows: the ledger is filled from them, pending ones get their address copied (the outbox
row carries its recipient), finished ones are replaced by anonymous rows. Opt-outs stored before this
migration were plain sha256 digests of the address: they are re-keyed (HMAC with settings.PSEUDONYM_KEY) by
matching them against the applicants' addresses, and the plain digests are dropped."""

import hashlib

from django.conf import settings
from django.utils.crypto import salted_hmac

import django.db.models.deletion
from django.db import migrations, models


PENDING = ("queued", "sent", "reminded")


def forwards(apps, schema_editor):
    Invitation = apps.get_model("feedback", "Invitation")
    InvitedApplication = apps.get_model("feedback", "InvitedApplication")
    OptOut = apps.get_model("feedback", "OptOut")
    for invitation in Invitation.objects.select_related("application__applicant").order_by("id"):
        if invitation.application_id:
            InvitedApplication.objects.get_or_create(
                application_id=invitation.application_id,
                defaults={"queued_on": invitation.queued_on},
            )
        if invitation.status in PENDING:
            email = (invitation.application.applicant.email or "").strip().lower()
            Invitation.objects.filter(pk=invitation.pk).update(email=email)
        else:
            Invitation.objects.filter(pk=invitation.pk).delete()
            Invitation.objects.create(
                form_id=invitation.form_id, status=invitation.status, token_hash=invitation.token_hash,
                reminder_token_hash=invitation.reminder_token_hash,
            )
    Person = apps.get_model("programmes", "Person")
    plain = set(OptOut.objects.values_list("email_hash", flat=True))
    if plain:
        for email in Person.objects.exclude(email="").values_list("email", flat=True).distinct():
            email = email.strip().lower()
            digest = hashlib.sha256(email.encode()).hexdigest()
            if digest in plain:
                on = OptOut.objects.get(email_hash=digest).on
                keyed = salted_hmac("feedback.optout", email, secret=settings.PSEUDONYM_KEY, algorithm="sha256").hexdigest()
                OptOut.objects.get_or_create(email_hash=keyed, defaults={"on": on})
        OptOut.objects.filter(email_hash__in=plain).delete()
    # fire the deferred foreign-key checks now: the constraint below alters the table in this transaction
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0003_box_reminder'),
        ('programmes', '0002_event_actions_payment_recorder'),
    ]

    operations = [
        migrations.CreateModel(
            name='InvitedApplication',
            fields=[
                ('application', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='programmes.benefitapplication', verbose_name='application')),
                ('queued_on', models.DateField(verbose_name='queued on')),
            ],
            options={
                'verbose_name': 'invited application',
                'verbose_name_plural': 'invited applications',
            },
        ),
        migrations.AlterModelOptions(
            name='invitation',
            options={'ordering': ('-id',), 'verbose_name': 'invitation', 'verbose_name_plural': 'invitations'},
        ),
        migrations.AddField(
            model_name='invitation',
            name='email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='application',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='feedback_invitation', to='programmes.benefitapplication', verbose_name='application'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='queued_on',
            field=models.DateField(blank=True, null=True, verbose_name='queued on'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='invitation',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'sent', 'reminded']), models.Q(('application__isnull', True), ('email', ''), ('expires_on__isnull', True), ('queued_on__isnull', True), ('reminded_on__isnull', True), ('sent_on__isnull', True)), _connector='OR'), name='feedback_invitation_finished_is_anonymous'),
        ),
    ]
