"""The risk level of an assessment, derived from the severities of its domains by one rule the case page
explains in the words of RISK_RULE."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from .models import Assessment, AssessmentNeed

Severity = AssessmentNeed.Severity
Domain = AssessmentNeed.Domain

RISK_RULE = _(
    "High risk when any domain is critical, or safety is serious or critical. Medium risk when any "
    "domain is serious, or three or more domains are mild. Low risk otherwise."
)


def risk_level(severities: Mapping[str, int]) -> Assessment.Risk:
    """The risk level of ``severities`` ({domain: severity 0-3}); domains not given count as no need."""
    values = [int(v) for v in severities.values()]
    if Severity.CRITICAL in values or int(severities.get(Domain.SAFETY, 0)) >= Severity.SERIOUS:
        return Assessment.Risk.HIGH
    if Severity.SERIOUS in values or values.count(Severity.MILD) >= 3:
        return Assessment.Risk.MEDIUM
    return Assessment.Risk.LOW
