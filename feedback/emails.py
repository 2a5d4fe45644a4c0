"""The e-mails of the feedback cycle that go through the outbox (municipal_platform.outbox).

Invitations to citizens have their own outbox row (models/invitations.py), relayed by the scheduled batch.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from municipal_platform.outbox.senders import sender


@sender("feedback.box_reminder")
def send_box_reminder(*, user_ids: list[int]) -> None:
    """The weekly box reminder (services.box_reminder_send), to the users still active with an address."""
    recipients = sorted(
        set(
            get_user_model()
            .objects.filter(pk__in=user_ids, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return
    with translation.override("ka"):
        send_mail(
            _("Feedback box: time to empty it"),
            _(
                "No box opening was recorded in the last seven days. Please empty the feedback box, count the forms "
                "and record the opening so they can be typed in."
            ),
            None,
            recipients,
        )
