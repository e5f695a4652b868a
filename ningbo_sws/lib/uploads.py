"""The one upload pipeline: every file uploaded in the project is checked, stored and served here (issue 9 item 6).

- `check_upload(uploaded, allowed=..., field=...)`: the type is judged from the bytes (JPEG, PNG, PDF; for the
  archive also MP3, M4A, WAV and MP4, whose headers must describe the whole file), never from the name or the type
  the browser claims; at most `UPLOAD_MAX_BYTES` (default 10 MB; audio and video `UPLOAD_MAX_MEDIA_BYTES`, default
  200 MB); an image has at most `UPLOAD_MAX_PIXELS` (default 40 megapixels), read from its header before anything
  is decoded (a 48 KB PNG of 20000×20000 pixels is refused, not decoded); a PDF must be readable by pypdf and
  carry no JavaScript, automatic action, launch action or embedded file. A refusal is an `ActionError` on the form
  field, raised before anything is saved.
- `StoredFile`: the abstract model of a stored upload (file, original name, checked type, size). `store()` saves
  the bytes under a generated random name in the model's folder; the uploader's name is kept for display only.
- `serve(stored)`: the one response for a stored file, given by each app's gated view: the stored type,
  `X-Content-Type-Options: nosniff`, images inline and everything else as an attachment, never cached; a stored file
  that has gone missing answers 404.
"""

import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import ActionError
from .words import join_list

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
MP3, M4A, WAV, MP4 = "audio/mpeg", "audio/mp4", "audio/wav", "video/mp4"
UNKNOWN = "application/octet-stream"
IMAGE_TYPES = frozenset({JPEG, PNG})
DOCUMENT_TYPES = frozenset({PDF})
SCAN_TYPES = IMAGE_TYPES | DOCUMENT_TYPES  # voucher scans, meeting attachments
AUDIO_TYPES = frozenset({MP3, M4A, WAV})
VIDEO_TYPES = frozenset({MP4})
MEDIA_TYPES = AUDIO_TYPES | VIDEO_TYPES  # the archive's audio and video (R22), up to UPLOAD_MAX_MEDIA_BYTES
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf", MP3: "mp3", M4A: "m4a", WAV: "wav", MP4: "mp4"}
LABELS = {JPEG: "JPEG", PNG: "PNG", PDF: "PDF", MP3: "MP3", M4A: "M4A", WAV: "WAV", MP4: "MP4"}

# PDF names that run something, act by themselves on opening or on an event, or carry a file inside the file.
PDF_ACTIVE_NAMES = frozenset({
    "/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia",
    "/XFA", "/SubmitForm", "/ImportData",
})
_PDF_OBJECT_BUDGET = 200_000  # objects visited at most; a 10 MB PDF has far fewer


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    original_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes ("magic numbers")."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if head[4:8] == b"ftyp":  # ISO base media (MP4): the brand says audio only or not
        return M4A if head[8:12] in (b"M4A ", b"M4B ") else MP4
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 in (0xE2, 0xE4, 0xE6)):
        return MP3  # an ID3 tag, or an MPEG audio frame header (sync bits, layer III/II/I)
    return None


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def max_media_bytes() -> int:
    """Audio and video are larger than scans: their own limit (default 200 MB)."""
    return int(getattr(settings, "UPLOAD_MAX_MEDIA_BYTES", 200 * 1024 * 1024))


def max_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_PIXELS", 40_000_000))


def display_name(name: str | None) -> str:
    """The uploader's file name, for display only: no folders, no control characters, at most 200 characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[-200:] or "upload"


def check_upload(uploaded, *, allowed: frozenset, field: str) -> CheckedFile:
    """Refuse a file of another type than `allowed` (judged from its bytes), too large, with too many pixels, or
    a PDF that is unreadable or active. Raises ActionError on `field`; reads the file, saves nothing."""
    name = display_name(getattr(uploaded, "name", ""))
    limit = max(max_bytes(), max_media_bytes()) if allowed & MEDIA_TYPES else max_bytes()
    size = uploaded.size

    def too_large(limit):
        return ActionError(_("“%(name)s” is too large: a file may have at most %(limit)s.") % {
            "name": name, "limit": filesizeformat(limit)}, field=field)

    if size is None or size > limit:
        raise too_large(limit)
    if size == 0:
        raise ActionError(_("“%(name)s” is empty.") % {"name": name}, field=field)
    uploaded.seek(0)
    content_type = sniff(uploaded.read(16))
    uploaded.seek(0)
    if content_type not in allowed:
        types = join_list(sorted(LABELS[t] for t in allowed))
        raise ActionError(_("“%(name)s” is not a file of an accepted type (%(types)s): the type is judged from "
                            "the file's content, not from its name.") % {"name": name, "types": types},
                          field=field)
    type_limit = max_media_bytes() if content_type in MEDIA_TYPES else max_bytes()
    if size > type_limit:
        raise too_large(type_limit)
    try:
        if content_type in IMAGE_TYPES:
            _check_image(uploaded, content_type, name=name, field=field)
        elif content_type in MEDIA_TYPES:
            _check_media(uploaded, content_type, size, name=name, field=field)
        else:
            _check_pdf(uploaded, name=name, field=field)
    finally:
        uploaded.seek(0)
    return CheckedFile(content_type, size, name)


class _TooManyPixels(Exception):
    pass


def _check_image(uploaded, content_type: str, *, name: str, field: str) -> None:
    from PIL import Image, UnidentifiedImageError

    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit and raises above twice that; ours is lower and refuses either way.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:  # reads the header only
                width, height = image.size
                if width * height > limit:
                    raise _TooManyPixels
                if LABELS[content_type] != image.format:
                    raise ValueError(image.format)
                image.verify()
    except (_TooManyPixels, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ActionError(_("The image “%(name)s” has too many pixels: at most %(limit)s megapixels.") % {
            "name": name, "limit": limit // 1_000_000}, field=field) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, IndexError, EOFError):
        raise ActionError(_("The image “%(name)s” cannot be read: the file is damaged.") % {"name": name},
                          field=field) from None


def _check_media(uploaded, content_type: str, size: int, *, name: str, field: str) -> None:
    """The structure of an audio or video file, read from its headers (nothing is decoded): an MP4's boxes fill
    the file exactly and hold the movie header; a WAV's RIFF size is the file's and it has its format chunk; an
    MP3 starts (after its ID3 tag) with an MPEG audio frame."""
    uploaded.seek(0)
    ok = {MP4: _mp4_ok, M4A: _mp4_ok, WAV: _wav_ok, MP3: _mp3_ok}[content_type](uploaded, size)
    if not ok:
        raise ActionError(_("The file “%(name)s” cannot be read as %(type)s: the file is damaged or is not what "
                            "it claims to be.") % {"name": name, "type": LABELS[content_type]}, field=field)


def _mp4_ok(handle, size: int) -> bool:
    offset, boxes = 0, set()
    while offset < size:
        handle.seek(offset)
        header = handle.read(16)
        if len(header) < 8:
            return False
        box_size, box_type = int.from_bytes(header[:4], "big"), header[4:8]
        if box_size == 1:
            if len(header) < 16:
                return False
            box_size = int.from_bytes(header[8:16], "big")
        elif box_size == 0:  # to the end of the file
            box_size = size - offset
        if box_size < 8 or offset + box_size > size or not box_type.isascii():
            return False
        boxes.add(box_type)
        offset += box_size
        if len(boxes) > 10_000:
            return False
    return b"ftyp" in boxes and b"moov" in boxes


def _wav_ok(handle, size: int) -> bool:
    header = handle.read(36)
    return (len(header) >= 36 and int.from_bytes(header[4:8], "little") + 8 == size and header[12:16] == b"fmt ")


def _mp3_ok(handle, size: int) -> bool:
    header = handle.read(10)
    start = 0
    if header.startswith(b"ID3"):
        if len(header) < 10 or any(b & 0x80 for b in header[6:10]):
            return False
        start = 10 + (header[6] << 21 | header[7] << 14 | header[8] << 7 | header[9])  # a "syncsafe" size
    if start + 4 > size:
        return False
    handle.seek(start)
    frame = handle.read(4)
    return len(frame) == 4 and frame[0] == 0xFF and frame[1] & 0xE0 == 0xE0 and frame[2] & 0xF0 != 0xF0


def _check_pdf(uploaded, *, name: str, field: str) -> None:
    problem = pdf_problem(uploaded)
    if problem == "unreadable":
        raise ActionError(_("The PDF “%(name)s” cannot be read: the file is damaged or encrypted.") % {
            "name": name}, field=field)
    if problem == "active":
        raise ActionError(_("The PDF “%(name)s” contains scripts, automatic actions or embedded files, which are "
                            "not accepted: print it to a plain PDF and upload that.") % {"name": name}, field=field)


def pdf_problem(handle) -> str | None:
    """"unreadable", "active" (JavaScript, an automatic action, a launch action, an embedded file), or None."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    handle.seek(0)
    try:
        reader = PdfReader(handle, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):  # an empty user password only restricts printing etc.
            return "unreadable"
        if len(reader.pages) == 0:
            return "unreadable"
        return "active" if _has_active_names(reader) else None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError,
            AssertionError, _TooManyObjects):
        return "unreadable"


class _TooManyObjects(Exception):
    pass


def _has_active_names(reader) -> bool:
    """Walk every object reachable from the trailer (names are decoded by pypdf, so `/J#61vaScript` is seen too,
    and so are objects inside compressed object streams)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > _PDF_OBJECT_BUDGET:
            raise _TooManyObjects
        if isinstance(obj, DictionaryObject):  # stream objects too (their dictionary; the data is not parsed)
            for key, value in obj.items():
                if key in PDF_ACTIVE_NAMES:
                    return True
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, NameObject) and obj in PDF_ACTIVE_NAMES:  # e.g. /S /JavaScript
            return True
    return False


# --- storing ----------------------------------------------------------------------------------------------------
def stored_file_path(instance, filename) -> str:
    """A generated random name in the model's folder, with the extension of the checked type."""
    return f"{instance.storage_folder()}/{uuid.uuid4().hex}.{EXTENSIONS.get(instance.content_type, 'bin')}"


class StoredFile(models.Model):
    """An uploaded file as stored: the bytes under a generated name, the uploader's name for display, the type
    judged from the bytes (served as such), the size. Subclasses say where (`storage_folder()`)."""

    file = models.FileField(gettext_lazy("file"), upload_to=stored_file_path, max_length=200)
    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("file type"), max_length=40)
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))

    class Meta:
        abstract = True

    def storage_folder(self) -> str:
        raise NotImplementedError

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    def store(self, uploaded, checked: CheckedFile) -> None:
        """Save the checked bytes through the storage API (the row itself is saved by the caller)."""
        self.original_name, self.content_type, self.size = checked.original_name, checked.content_type, checked.size
        self.file.save(f"upload.{checked.extension}", uploaded, save=False)

    def download_name(self) -> str:
        """The uploader's name with the extension of the stored type (a PDF is never saved as `x.html`)."""
        stem = PurePath(self.original_name or self.file.name or "").stem or f"file-{self.pk}"
        return f"{stem}.{EXTENSIONS.get(self.content_type, 'bin')}"


def describe_stored(field_file) -> tuple[str, int]:
    """(type judged from the bytes, size) of a file stored before the pipeline, for the migrations that fill in
    the new columns; a file of another type, or gone, is `application/octet-stream` (served as a download)."""
    try:
        with field_file.open("rb") as handle:
            head = handle.read(16)
        size = field_file.size
    except (OSError, ValueError):
        return UNKNOWN, 0
    return sniff(head) or UNKNOWN, size


# --- serving ----------------------------------------------------------------------------------------------------
def serve(stored: StoredFile) -> FileResponse:
    """The response for a stored file (the caller has checked that the user may see it)."""
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):  # gone from the storage, or no file recorded
        raise Http404 from None
    content_type = stored.content_type if stored.content_type in EXTENSIONS else UNKNOWN
    inline = content_type in IMAGE_TYPES
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline,
                            filename=stored.download_name())
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
