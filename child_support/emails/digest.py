"""The daily digest of overdue work: each social worker with an overdue review or plan action on their open
cases gets one e-mail a day listing them (services.digests_enqueue writes the outbox message).

The e-mail names cases by number only, never a child or a family: it leaves the platform and may be read
on a shared device. It is built when it goes out, from what is overdue then (as of the message's day), so
work done in between is not listed; with nothing left, nothing is sent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipal_platform.links import absolute_url
from municipal_platform.outbox.senders import sender

from ..selectors import overdue_by_worker

KIND = "child_support.digest"


def _link(name: str, *args: int, fallback: str) -> str:
    try:
        path = reverse(f"child_support:{name}", args=args)
    except NoReverseMatch:  # the pages' URLconf not installed (a worker of a build without them)
        path = fallback
    return absolute_url(path)


def _line(item: dict) -> str:
    parts = []
    if item["review_on"] is not None:
        parts.append(
            _("review was due on %(day)s") % {"day": date_format(item["review_on"], "SHORT_DATE_FORMAT")}
        )
    if item["actions"]:
        parts.append(
            ngettext("%(count)d plan action overdue", "%(count)d plan actions overdue", item["actions"])
            % {"count": item["actions"]}
        )
    link = _link("case_detail", item["case_id"], fallback=f"/cases/{item['case_id']}/")
    return _("Case %(number)s: %(what)s\n  %(link)s") % {
        "number": item["number"],
        "what": "; ".join(parts),
        "link": link,
    }


@sender(KIND)
def send(*, user_id: int, day: str) -> None:
    """The digest of ``day`` for one worker, in their language (Georgian unless they chose another)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return
    items = overdue_by_worker(today=datetime.date.fromisoformat(day), worker_id=user.pk).get(user.pk, [])
    if not items:
        return
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        subject = ngettext(
            "Overdue work on %(count)d case",
            "Overdue work on %(count)d cases",
            len(items),
        ) % {"count": len(items)}
        body = "\n\n".join(
            [
                _("Good morning. These of your cases have a review or plan actions overdue:"),
                *(_line(item) for item in items),
                _("Your list of cases: %(link)s") % {"link": _link("case_list", fallback="/cases/")},
            ]
        )
    send_mail(subject, body + "\n", None, [user.email])
