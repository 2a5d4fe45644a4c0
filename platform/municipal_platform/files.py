"""The one way a module stores and serves uploaded files.

- Stored under MEDIA_ROOT at ``<schema>/<area>/<yyyy>/<uuid><ext>``: the path names the municipality whose
  file it is (and nothing the uploader typed), so a file of one municipality can be told from another's
  by its name alone, and a municipality's files are one directory (export, deletion, backups).
- Never served from a public URL: `PrivateStorage.url()` refuses, no URLconf serves MEDIA_ROOT, and a file
  is read only through `protected_download`, which checks the request's municipality, the path's schema
  and a permission callable, and sends the file as an attachment (nosniff, no-store).
- Checked before it is stored (`checked_upload`): size and kind by content (PDF, JPEG, PNG, CSV text),
  refused with a message naming the field and the file.

A model declares ``models.FileField(storage=private_storage, upload_to=SchemaPath("feedback/imports"))``,
a service calls `checked_upload` and saves, a view returns `protected_download(...)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from .clock import today
from .schemas import current_schema


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT, with no URL: files leave only through `protected_download`."""

    def url(self, name):
        raise ValueError(
            "Stored files have no public URL: serve them with municipal_platform.files.protected_download"
        )


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of every uploaded file (a callable, so migrations name it and not its location)."""
    return _storage


@deconstructible
class SchemaPath:
    """``upload_to`` of a file field: ``<schema>/<area>/<yyyy>/<uuid><ext>`` (the extension from the
    checked kind, never the uploader's name)."""

    def __init__(self, area: str):
        self.area = area.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()
        suffix = suffix if suffix in EXTENSIONS else ""
        year = today().year
        return f"{current_schema()}/{self.area}/{year}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, SchemaPath) and other.area == self.area


def delete_stored(file: FieldFile) -> None:
    """Remove a stored file from the disk (the caller clears or deletes the row)."""
    if file and file.name:
        file.storage.delete(file.name)


def schema_of(name: str) -> str:
    """The schema a stored file belongs to: the first part of its path."""
    return name.split("/", 1)[0]


# --- checking an upload --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    label: str
    extension: str
    content_type: str
    looks_like: Callable[[bytes], bool]


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a multi-byte character cut at the end of the sample is fine
        return exc.start >= len(head) - 3
    return True


PDF = Kind("PDF", ".pdf", "application/pdf", lambda head: head.startswith(b"%PDF-"))
JPEG = Kind("JPEG", ".jpg", "image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff"))
PNG = Kind("PNG", ".png", "image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"))
CSV = Kind("CSV", ".csv", "text/csv", _is_text)
EXTENSIONS = {kind.extension for kind in (PDF, JPEG, PNG, CSV)}

MB = 1024 * 1024


def checked_upload(field: str, upload, *, kinds: Iterable[Kind], max_bytes: int) -> Kind:
    """The kind of ``upload`` (a Django UploadedFile), read from its content; raises
    ValidationError({field: ...}) naming the file when it is empty, too large or of another kind."""
    kinds = tuple(kinds)
    name = (getattr(upload, "name", "") or "")[-100:]
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: _("The file “%(name)s” is empty.") % {"name": name}})
    if size > max_bytes:
        raise ValidationError(
            {
                field: _("The file “%(name)s” is %(size).1f MB; at most %(max)d MB are accepted.")
                % {"name": name, "size": size / MB, "max": max_bytes // MB}
            }
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    for kind in kinds:
        if kind.looks_like(head):
            return kind
    raise ValidationError(
        {
            field: _("The file “%(name)s” is not a %(kinds)s file.")
            % {"name": name, "kinds": " / ".join(k.label for k in kinds)}
        }
    )


# --- serving -------------------------------------------------------------------------------------------


def protected_download(
    request: HttpRequest, file: FieldFile, *, allowed: Callable[[object], bool], filename: str
) -> FileResponse:
    """Send a stored file as an attachment, after checking that the request is at the file's municipality
    (its host's schema, the connection's schema and the file's path agree) and that ``allowed(user)``.

    404 when there is no file or it belongs to another schema (nothing tells that it exists), 403 when the
    user may not read it. The answer is never cached and never sniffed into something a browser runs."""
    if not file or not file.name:
        raise Http404
    schema = current_schema()
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name != schema or schema_of(file.name) != schema:
        raise Http404
    if not allowed(request.user):
        raise PermissionDenied(_("Your role does not allow this action."))
    try:
        handle = file.storage.open(file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = next((k for k in (PDF, JPEG, PNG, CSV) if file.name.endswith(k.extension)), None)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename="".join(ch for ch in filename if ch.isprintable()) or "file",
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
