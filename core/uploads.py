"""Uploads: a size limit held while the file streams in, and PDFs that cannot run anything.

`SizeLimitedUploadHandler` (first in FILE_UPLOAD_HANDLERS) stops keeping a file's bytes once it passes
UPLOAD_MAX_BYTES: nothing past the limit reaches memory or a temporary file, and the form receives an
empty stand-in that carries the real size, so the field's validator says "Filen är för stor".
RequestSizeLimitMiddleware refuses a request whose declared body is larger than REQUEST_MAX_BYTES before
anything is read. `check_pdf_is_inert` refuses a file that is not a PDF pypdf can read (a polyglot that
only begins with %PDF-) and a PDF with JavaScript, launch actions or embedded files.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.utils.translation import gettext as _


def upload_max_bytes():
    return getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


class OversizedUpload(UploadedFile):
    """What a form gets for a file over the limit: no content, the size it had."""

    def __init__(self, name, content_type, size):
        super().__init__(io.BytesIO(b""), name, content_type, size)


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            return None  # the handlers after this one (memory, temporary file) get nothing more
        return raw_data

    def file_complete(self, file_size):
        if self.received > upload_max_bytes():
            return OversizedUpload(self.file_name, self.content_type, self.received)
        return None


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = getattr(settings, "REQUEST_MAX_BYTES", upload_max_bytes() + 1024 * 1024)
        if length > limit:
            return render(
                request,
                "413.html",
                {"limit_mb": limit // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)


# Keys that make a PDF do something when opened: scripts, launching programs, files carried inside.
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}


def check_pdf_is_inert(upload):
    """Raise ValidationError unless `upload` is a PDF pypdf reads that has no active content."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        stack, seen = [reader.trailer], set()
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                if (obj.idnum, obj.generation) in seen:
                    continue
                seen.add((obj.idnum, obj.generation))
                obj = obj.get_object()
            if isinstance(obj, DictionaryObject):
                if _ACTIVE_KEYS & set(obj.keys()) or obj.get("/S") in _ACTIVE_ACTIONS:
                    raise ValidationError(
                        _(
                            "PDF-filen innehåller skript, inbäddade filer eller åtgärder som startar "
                            "program. Spara den som en vanlig PDF (till exempel med ”Skriv ut till PDF”) "
                            "och ladda upp den igen."
                        ),
                        code="active_pdf",
                    )
                stack.extend(obj.values())
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
        if len(reader.pages) < 1:
            raise PdfReadError("no pages")
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 – pypdf raises many kinds of error for a broken file
        raise ValidationError(_("Filen är inte en giltig PDF-fil."), code="not_pdf") from None
    finally:
        upload.seek(position)
