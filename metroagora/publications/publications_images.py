"""Images of publications: checked when uploaded, made print-sized for the PDF.

An upload is accepted when its content (not its name) is a JPEG, PNG or WebP image of
reasonable weight and size. For the PDF, every image is resized once to the size it is
printed at (about 150 dpi on A4) and saved as JPEG (PNG when it has transparency) in a
local cache directory (a JPEG already about that size is copied as it is): WeasyPrint
then embeds the JPEG bytes as they are, without decoding or compressing them again, and
the next rendering reuses the copies.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_IMAGE_BYTES = 15 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # 60 megapixels: larger is a mistake (or a bomb)
IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
# Printed widths in pixels: about 150 dpi on an A4 page (210 mm wide, 174 mm of text).
COVER_PRINT_PX = 1240
PART_PRINT_PX = 1000
JPEG_QUALITY = 82
PASSTHROUGH = 1.25  # a JPEG up to 25% larger than printed is embedded as it is
ORIENTATION_TAG = 0x0112  # EXIF orientation: 1 is upright
CACHE_VERSION = "2"


def check_image(upload: Any) -> None:
    """Raise a ValidationError unless ``upload`` is an image the PDF and the web can show."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(upload, "size", None)
    if size is not None and size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is too heavy: keep it under 15 MB (save it again at a smaller size)."),
            code="image_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    image_format = None
    pixels = 0
    try:
        upload.seek(0)
        with Image.open(upload) as opened:
            image_format = opened.format
            pixels = opened.width * opened.height
            opened.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        image_format = None
    finally:
        upload.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image. Choose an image file."),
            code="not_an_image",
        )
    if pixels > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is too large (over 60 megapixels): resize it before uploading."),
            code="image_too_many_pixels",
        )


def cache_dir() -> Path:
    """Where print-sized copies are kept (a local directory; safe to empty at any time)."""
    configured = getattr(settings, "PUBLICATIONS_PRINT_CACHE", "")
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT) / "publications" / "print-cache"


def _cache_key(name: str, size: int, max_px: int) -> str:
    text = f"{CACHE_VERSION}|{name}|{size}|{max_px}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def print_copy(field_file: Any, max_px: int = PART_PRINT_PX) -> Path | None:
    """A local print-sized copy of a stored image (made once, then reused); None if unreadable."""
    if not field_file:
        return None
    try:
        size = int(field_file.size)
    except (OSError, ValueError):
        return None
    folder = cache_dir()
    key = _cache_key(field_file.name, size, max_px)
    for suffix in (".jpg", ".png"):
        found = folder / f"{key}{suffix}"
        if found.exists():
            return found
    try:
        with field_file.open("rb") as source:
            data, suffix = _resized(source, max_px)
    except (OSError, ValueError, SyntaxError):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{key}{suffix}"
    # Write then rename: two workers making the same copy never read half a file.
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=suffix)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)
    return target


def _resized(source: Any, max_px: int) -> tuple[bytes, str]:
    """The image at print size: JPEG, or PNG when it has transparency.

    A JPEG already about the printed size (up to PASSTHROUGH times larger), upright and
    in RGB or grey, is kept as it is: decoding and compressing it again would cost time
    and quality for a file hardly smaller.
    """
    import io

    from PIL import Image, ImageOps

    data = source.read()
    with Image.open(io.BytesIO(data)) as opened:
        if opened.width * opened.height > MAX_IMAGE_PIXELS:
            raise ValueError("image too large")
        if (
            opened.format == "JPEG"
            and opened.mode in ("RGB", "L")
            and max(opened.width, opened.height) <= max_px * PASSTHROUGH
            and opened.getexif().get(ORIENTATION_TAG, 1) == 1
        ):
            return data, ".jpg"
        # JPEG decodes straight at a smaller scale when it is much larger than needed.
        opened.draft("RGB", (max_px, max_px))
        image = ImageOps.exif_transpose(opened)
        transparent = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info
        )
        if image.width > max_px or image.height > max_px:
            image.thumbnail((max_px, max_px), Image.Resampling.LANCZOS, reducing_gap=2.0)
        buffer = io.BytesIO()
        if transparent:
            image.convert("RGBA").save(buffer, format="PNG")
            return buffer.getvalue(), ".png"
        image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY)
        return buffer.getvalue(), ".jpg"
