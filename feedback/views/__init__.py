"""Staff pages of the feedback cycle (a package by stage; each view validates, calls one service, renders)."""

from .analyse import (  # noqa: F401
    decision_status,
    meeting_detail,
    meeting_list,
    report_detail,
    report_edit,
    report_list,
    report_pdf_internal,
    report_transition,
)
from .collect import (  # noqa: F401
    batch_close,
    batch_detail,
    batch_list,
    comment_tag,
    comments,
    comments_accept_suggestions,
    registry,
    themes,
)
from .configure import (  # noqa: F401
    import_csv,
    invitations,
    settings_page,
)
from .overview import (  # noqa: F401
    form_detail,
    form_edit,
    form_pdf,
    home,
)
