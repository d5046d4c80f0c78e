"""Checks of the files a customer uploads with a service request.

Pure Python (no Odoo, no database): the type of a file is read from its first
bytes, never from its name or from the mimetype the browser declares, and only
pictures and PDF documents pass. Unit-tested in ``tests/test_upload_utils.py``.
"""

import re
from datetime import datetime

# (magic bytes at offset 0, mimetype); WebP is a RIFF container, checked apart
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
ALLOWED_MIMETYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}
)
# the extension a stored file gets, from its real type
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
MAX_FILES = 5

# error codes of check_upload (the caller words them in the user's language)
TOO_LARGE = "too_large"
EMPTY = "empty"
WRONG_TYPE = "wrong_type"

_UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def sniff_mimetype(data):
    """The mimetype of ``data`` read from its signature, or None when it is
    none of the allowed types."""
    if not isinstance(data, bytes | bytearray):
        return None
    head = bytes(data[:16])
    for magic, mimetype in _SIGNATURES:
        if head.startswith(magic):
            return mimetype
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(data, max_bytes):
    """``(mimetype, None)`` for an acceptable file, ``(None, error_code)``
    otherwise: empty, larger than ``max_bytes`` or not a picture/PDF."""
    if not data:
        return None, EMPTY
    if len(data) > max_bytes:
        return None, TOO_LARGE
    mimetype = sniff_mimetype(data)
    if mimetype not in ALLOWED_MIMETYPES:
        return None, WRONG_TYPE
    return mimetype, None


def shown_filename(name, index=1):
    """The customer's file name as a message names it: without its path and
    odd characters."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("", base).strip(" .")[:80] or f"file {index}"


def safe_filename(name, mimetype, index=1):
    """A file name to store: the customer's base name stripped of paths and
    odd characters, with the extension of the file's real type."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = base.rsplit(".", 1)[0] if "." in base else base
    base = _UNSAFE_NAME.sub("", base).strip(" .")[:80] or f"photo-{index}"
    return base + EXTENSIONS.get(mimetype, "")


def parse_local_datetime(value):
    """A ``datetime-local`` form value (``2030-03-04T09:30``, seconds
    optional, a space instead of the T accepted) as a naive datetime, or None
    when it is empty; ValueError when it is malformed or out of range."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a string")
    text = value.strip()
    if not text:
        return None
    if len(text) > 19:
        raise ValueError("too long")
    text = text.replace(" ", "T", 1)
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if not 1900 <= moment.year <= 2999:
            raise ValueError("year out of range")
        return moment
    raise ValueError("not a date and time")
