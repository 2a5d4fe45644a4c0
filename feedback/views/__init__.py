"""Pages of the feedback cycle: the staff's by stage, and the citizens' (no login) in `citizen`. Each view
validates, calls one service or selector, and renders."""

from .analyse import (
    decision_status,
    meeting_detail,
    meeting_list,
    report_detail,
    report_edit,
    report_list,
    report_pdf_internal,
    report_transition,
)
from .citizen import (
    invited_form,
    opt_out,
    public_form,
    public_report,
    public_report_pdf,
    report_index,
    thanks,
)
from .collect import (
    batch_close,
    batch_detail,
    batch_list,
    comment_tag,
    comments,
    comments_accept_suggestions,
    registry,
    registry_correct,
    themes,
)
from .configure import (
    invitations,
    settings_page,
)
from .files import batch_scan, import_file_download
from .imports import import_csv, import_mapping, import_mapping_edit
from .overview import (
    form_detail,
    form_edit,
    form_pdf,
    home,
)
from .report_revisions import report_correct, report_withdraw

__all__ = [
    "batch_close",
    "batch_detail",
    "batch_list",
    "batch_scan",
    "comment_tag",
    "comments",
    "comments_accept_suggestions",
    "decision_status",
    "form_detail",
    "form_edit",
    "form_pdf",
    "home",
    "import_csv",
    "import_file_download",
    "import_mapping",
    "import_mapping_edit",
    "invitations",
    "invited_form",
    "meeting_detail",
    "meeting_list",
    "opt_out",
    "public_form",
    "public_report",
    "public_report_pdf",
    "registry",
    "registry_correct",
    "report_correct",
    "report_withdraw",
    "report_detail",
    "report_edit",
    "report_index",
    "report_list",
    "report_pdf_internal",
    "report_transition",
    "settings_page",
    "thanks",
    "themes",
]
