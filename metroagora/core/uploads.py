"""Uploaded pictures are checked by their content, not by their name."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What every browser shows (MPO: a JPEG with extra views, from some cameras).
WEB_IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}


class WebImageField(forms.ImageField):
    """An image Pillow reads AND a browser shows: not PostScript, TIFF or icons named .jpg."""

    default_error_messages = {
        "not_web_image": _(
            "This picture is in a format browsers cannot show (%(format)s). Save it as "
            "JPEG, PNG or WebP and upload it again."
        ),
    }

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        image_format = getattr(getattr(upload, "image", None), "format", None)
        if image_format not in WEB_IMAGE_FORMATS:
            raise ValidationError(
                self.error_messages["not_web_image"],
                code="not_web_image",
                params={"format": image_format or "?"},
            )
        return upload
