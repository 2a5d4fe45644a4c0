"""How many anonymous submissions one client address may send (the public form, the invitation link, the API).

Two counters, both per address (django-ratelimit, kept in the cache):

- accepted submissions (`FEEDBACK_SUBMIT_RATE`): only a submission that was stored counts, so a citizen
  who corrects a mistake three times is not counted three times. Many citizens share one address (the
  front-desk tablet of a chancellery, a village's one connection), so this limit is generous;
- every attempt, accepted or not (`FEEDBACK_SUBMIT_FLOOD_RATE`): a short window no person filling the
  form by hand reaches, which stops a script sending without end.

A refused citizen keeps the answers on the page (the views render the form again with them).
"""

from __future__ import annotations

from django.conf import settings
from django_ratelimit.core import get_usage, is_ratelimited

ACCEPTED_GROUP = "feedback-submit"
ATTEMPTS_GROUP = "feedback-submit-attempts"


def accepted_rate() -> str:
    return getattr(settings, "FEEDBACK_SUBMIT_RATE", "120/h")


def flood_rate() -> str:
    return getattr(settings, "FEEDBACK_SUBMIT_FLOOD_RATE", "30/m")


def submit_refused(request) -> bool:
    """Count this attempt and say whether the address must wait. Call before submitting."""
    flooding = is_ratelimited(
        request, group=ATTEMPTS_GROUP, key="ip", rate=flood_rate(), method="POST", increment=True
    )
    usage = get_usage(request, group=ACCEPTED_GROUP, key="ip", rate=accepted_rate(), method="POST")
    # without incrementing, the count is of the submissions already accepted: at the limit, refuse
    full = usage is not None and usage["count"] >= usage["limit"]
    return flooding or full


def count_accepted(request) -> None:
    """Count a stored submission. Call only after the service accepted it."""
    get_usage(request, group=ACCEPTED_GROUP, key="ip", rate=accepted_rate(), method="POST", increment=True)
