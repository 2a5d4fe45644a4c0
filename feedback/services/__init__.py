"""Every write of the feedback cycle, one function per use case, split by stage (a package once the single
file passed 500 lines). Roles are checked here, not only in views; the acting user is always ``actor``.
Import from ``feedback.services``.
"""

from .collect import (
    answer_tag,
    answers_accept_suggestions,
    batch_close,
    batch_open,
    batch_response_enter,
    box_reminder_send,
    registry_comment_record,
    theme_create,
    theme_update,
)
from .common import (
    COLLECTORS,
    MAX_TEXT,
    NOT_SURE,
    email_hmac,
    keyed_hash,
    normalised_email,
    settings_update,
    sha256,
)
from .forms import (
    form_create,
    form_questions_set,
    form_update,
)
from .imports import (
    PreviewRow,
    import_mapping_save,
    import_upload_create,
    responses_import_csv,
    responses_import_preview,
    responses_import_upload,
)
from .invitations import (
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
from .reports import (
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
from .responses import (
    response_clean,
    response_submit,
)

__all__ = [
    "COLLECTORS",
    "MAX_TEXT",
    "NOT_SURE",
    "InvitationUnusable",
    "answer_tag",
    "answers_accept_suggestions",
    "batch_close",
    "batch_open",
    "batch_response_enter",
    "box_reminder_send",
    "decision_add",
    "decision_set_status",
    "email_hmac",
    "form_create",
    "form_questions_set",
    "form_update",
    "invitation_check",
    "invitation_opt_out",
    "invitation_queue",
    "invitation_response_submit",
    "invitation_send_one",
    "invitations_due",
    "invitations_expire",
    "invitations_send_batch",
    "keyed_hash",
    "meeting_record",
    "normalised_email",
    "quarter_before",
    "registry_comment_record",
    "report_approve",
    "report_create",
    "report_draft_for_quarter",
    "report_publish",
    "report_update",
    "response_clean",
    "response_submit",
    "responses_import_csv",
    "responses_import_preview",
    "responses_import_upload",
    "import_mapping_save",
    "import_upload_create",
    "PreviewRow",
    "settings_update",
    "sha256",
    "theme_create",
    "theme_update",
]
