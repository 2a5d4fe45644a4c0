"""The feedback cycle's data, split by the same stages as `feedback.services`: forms and their versions,
anonymous responses, box batches and the comment registry, invitations, reports, working meetings and
decisions. Import from ``feedback.models``.

Anonymity is by construction: `Response` and `Answer` carry no foreign key, token, e-mail or time of
day that could join them to an `Invitation`, a `BenefitApplication` or a person.
"""

from .collect import BoxBatch, RegistryComment, RegistryCommentEvent
from .common import MIN_SUPPRESSION_THRESHOLD, AgeBand, Channel, FeedbackSettings, Sex
from .forms import FORM_SETTINGS, Form, FormVersion, Question
from .imports import ImportFile, ImportMapping, ImportUpload
from .invitations import Invitation, InvitedApplication, OptOut
from .reports import Decision, Report, WorkingMeeting
from .responses import Answer, CommentTheme, Response

__all__ = [
    "MIN_SUPPRESSION_THRESHOLD",
    "AgeBand",
    "Answer",
    "BoxBatch",
    "Channel",
    "CommentTheme",
    "Decision",
    "FeedbackSettings",
    "FORM_SETTINGS",
    "Form",
    "FormVersion",
    "ImportFile",
    "ImportMapping",
    "ImportUpload",
    "Invitation",
    "InvitedApplication",
    "OptOut",
    "Question",
    "RegistryComment",
    "RegistryCommentEvent",
    "Report",
    "Response",
    "Sex",
    "WorkingMeeting",
]
