"""The violence-referral alert: every active head of service of the municipality gets an in-app notification
and an e-mail with a link to the case, at once (an outbox message written with the referral).

The e-mail names the case by its number only: never the child or the family (an e-mail leaves the
platform and may be read on a shared device).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from municipal_platform.links import absolute_url
from municipal_platform.outbox.senders import sender
from municipal_platform.roles import Role

from ..models import Notification, Referral

KIND = "child_support.violence"


def case_link(case_id: int) -> str:
    try:
        path = reverse("child_support:case_detail", args=[case_id])
    except NoReverseMatch:  # the pages' URLconf not installed (a worker of a build without them)
        path = f"/cases/{case_id}/"
    return absolute_url(path)


@sender(KIND)
def send(*, referral_id: int) -> None:
    """Notify each active head of service once per referral: a retried or repeated message adds no second
    notification and sends no second e-mail to a head already notified."""
    referral = Referral.objects.select_related("case").filter(pk=referral_id).first()
    if referral is None:
        return
    case = referral.case
    heads = get_user_model().objects.filter(is_active=True, groups__name=Role.HEAD_OF_SERVICE).distinct()
    link = case_link(case.pk)
    for head in heads:
        _notification, created = Notification.objects.get_or_create(
            user=head,
            kind=Notification.Kind.VIOLENCE_REFERRAL,
            referral=referral,
            defaults={"case": case},
        )
        if not created or not head.email:
            continue
        subjects, bodies = [], []
        for language in ("ka", "en"):
            with translation.override(language):
                subjects.append(_("Violence referral in case %(number)s") % {"number": case.number})
                bodies.append(
                    _(
                        "A violence referral was made in case %(number)s on %(day)s (%(kind)s). The case is "
                        "now restricted to its social worker and the head of service.\n\nOpen the case: "
                        "%(link)s"
                    )
                    % {
                        "number": case.number,
                        "day": referral.referred_on.isoformat(),
                        "kind": referral.get_kind_display(),
                        "link": link,
                    }
                )
        send_mail(" / ".join(subjects), "\n\n— — —\n\n".join(bodies) + "\n", None, [head.email])
