"""Files of the feedback cycle: a box batch's scan (upload, download) and an import's kept CSV file,
served only through municipal_platform.files.protected_download (never a public media URL)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from municipal_platform.files import protected_download
from municipal_platform.roles import role_required

from .. import services
from ..models import BoxBatch, ImportFile
from .common import COLLECTORS, PAGE_ROLES, message_service_error


@role_required(*COLLECTORS)
@require_http_methods(["GET", "POST"])
def batch_scan(request, pk: int):
    """GET: the scan of the batch's opening record, as a download. POST: attach or replace it."""
    batch = get_object_or_404(BoxBatch, pk=pk)
    if request.method == "GET":
        name = f"box-batch-{batch.opened_on:%Y-%m-%d}{batch.scan.name[-4:] if batch.scan else ''}"
        return protected_download(request, batch.scan, allowed=services.may_read_batch_scan, filename=name)
    try:
        services.batch_scan_attach(actor=request.user, batch=batch, upload=request.FILES.get("scan"))
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, _("The scan of the opening record was saved."))
    return redirect("feedback:batch_detail", pk=batch.pk)


@role_required(*PAGE_ROLES["import"])
def import_file_download(request, pk: int):
    kept = get_object_or_404(ImportFile, pk=pk)
    return protected_download(
        request, kept.file, allowed=services.may_read_import_file, filename=kept.file_name
    )
