"""Retention: what the feedback cycle deletes after the municipality's settable periods (FeedbackSettings),
run daily in each municipality's schema by the beat (tasks.schedule_retention).

- the e-mail address of an invitation neither answered nor refused: the invitation is ended (expired) once
  it was sent, or queued and never sent, `invitation_address_days` ago;
- the digests of ended links (used, expired, refused): cleared from the Monday `invitation_token_days`
  after they ended (the link is refused all the same: no row holds it any more);
- imported CSV files (`import_file_days` after the import) and the scans of box opening records
  (`batch_scan_days` after the box was opened): the file and its reference;
- the mapping builder's uploads left behind (a day).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from municipal_platform.clock import today
from municipal_platform.files import delete_stored

from ..models import BoxBatch, ImportFile, ImportUpload, Invitation
from ..selectors import settings_get
from .files import import_file_delete
from .imports import UPLOAD_KEPT_FOR
from .invitations import _finish


def retention_run(*, on: datetime.date | None = None) -> dict[str, int]:
    """Delete what is past its retention period on ``on``; returns how many of each were deleted. Safe to
    run twice (a second run finds nothing)."""
    on = on or today()
    cfg = settings_get()
    done = {"addresses": 0, "link_digests": 0, "import_files": 0, "batch_scans": 0, "uploads": 0}

    address_cutoff = on - datetime.timedelta(days=cfg.invitation_address_days)
    with transaction.atomic():
        stale = Invitation.objects.select_for_update(skip_locked=True).filter(
            Q(sent_on__lte=address_cutoff) | Q(sent_on__isnull=True, queued_on__lte=address_cutoff),
            status__in=Invitation.PENDING,
        )
        for invitation in stale:
            _finish(invitation, Invitation.Status.EXPIRED)
            done["addresses"] += 1

    done["link_digests"] = (
        Invitation.objects.exclude(status__in=Invitation.PENDING)
        .filter(forget_on__lte=on)
        .update(token_hash=None, reminder_token_hash=None, forget_on=None)
    )

    import_cutoff = on - datetime.timedelta(days=cfg.import_file_days)
    for kept in ImportFile.objects.filter(imported_at__date__lt=import_cutoff + datetime.timedelta(days=1)):
        import_file_delete(kept)
        done["import_files"] += 1

    scan_cutoff = on - datetime.timedelta(days=cfg.batch_scan_days)
    for batch in BoxBatch.objects.exclude(scan="").filter(opened_on__lte=scan_cutoff):
        delete_stored(batch.scan)
        BoxBatch.objects.filter(pk=batch.pk).update(scan="", scan_added_on=None)
        done["batch_scans"] += 1

    done["uploads"], _ = ImportUpload.objects.filter(created_at__lt=timezone.now() - UPLOAD_KEPT_FOR).delete()
    return done
