"""Every write of the feedback cycle, one function per use case, split by stage (a package once the single
file passed 500 lines). Roles are checked here, not only in views. Import from ``feedback.services``.
"""

from .collect import (  # noqa: F401
    answer_tag,
    answers_accept_suggestions,
    batch_close,
    batch_entered,
    batch_open,
    batch_response_enter,
    box_reminder_send,
    registry_comment_record,
)
from .common import (  # noqa: F401
    COLLECTORS,
    MAX_TEXT,
    NOT_SURE,
    email_hmac,
    keyed_hash,
    normalised_email,
    settings_update,
    sha256,
    today,
)
from .forms import (  # noqa: F401
    form_create,
    form_questions_set,
    form_update,
)
from .invitations import (  # noqa: F401
    InvitationUnusable,
    invitation_check,
    invitation_opt_out,
    invitation_queue,
    invitation_response_submit,
    invitation_send_one,
    invitations_due,
    invitations_expire,
    invitations_send_batch,
)
from .reports import (  # noqa: F401
    decision_add,
    decision_set_status,
    meeting_record,
    quarter_before,
    report_approve,
    report_create,
    report_draft_for_quarter,
    report_publish,
    report_update,
)
from .responses import (  # noqa: F401
    response_clean,
    response_submit,
    theme_suggest,
    theme_suggest_among,
)
