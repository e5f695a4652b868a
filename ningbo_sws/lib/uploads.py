"""Checking uploaded files by their bytes, not by the name or the type the browser claims.

Photos: JPEG or PNG that Pillow can read. Documents: PDF. Anything else, or anything larger than the limit
(`UPLOAD_MAX_BYTES`, default 10 MB), is refused with a message that names the field.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .exceptions import ActionError

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
IMAGE_TYPES = frozenset({JPEG, PNG})
DOCUMENT_TYPES = frozenset({PDF})


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes ("magic numbers")."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def check_upload(uploaded, *, allowed: frozenset, field: str) -> CheckedFile:
    """Refuse a file of another type than `allowed` (judged from its bytes) or larger than the limit."""
    limit = max_bytes()
    size = uploaded.size
    if size is None or size > limit:
        raise ActionError(_("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
                          field=field)
    if size == 0:
        raise ActionError(_("The file is empty."), field=field)
    uploaded.seek(0)
    content_type = sniff(uploaded.read(16))
    uploaded.seek(0)
    if content_type not in allowed:
        names = "、".join(sorted({JPEG: "JPEG", PNG: "PNG", PDF: "PDF"}[t] for t in allowed))
        raise ActionError(_("This file is not of an accepted type (%(types)s).") % {"types": names}, field=field)
    if content_type in IMAGE_TYPES:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(uploaded) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ActionError(_("The image cannot be read: the file is damaged."), field=field) from None
        finally:
            uploaded.seek(0)
    return CheckedFile(content_type, size)
