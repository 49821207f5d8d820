"""
Whether an uploaded file may become an ``Image`` at all: the rule ``Image.clean()``
and ``Image.save()`` apply to every new row, whatever code saves it, and the
upload action (``articles.actions.create_image``) applies before storing anything.
It refuses, with a message that says what to do:

* empty files and files over ``VETTED_IMAGE_MAX_BYTES`` (default 10 MB);
* anything Pillow cannot identify (a PDF or text file renamed ``.jpg``);
* formats other than JPEG, PNG, WebP and GIF (decided by what Pillow reads
  in the file, never by its name or the browser's content type);
* more than ``VETTED_IMAGE_MAX_PIXELS`` pixels (default 40 megapixels), read
  from the header before any pixel is decoded, so a decompression bomb (a tiny
  file claiming a huge canvas) never reaches the decoder;
* files that are damaged: ``verify()`` checks the structure, then a full
  decode catches truncated pixel data.
"""

import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
_ACCEPTED = "Upload a JPEG, PNG, WebP or GIF image."
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
def max_bytes():
    return getattr(settings, "VETTED_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels():
    return getattr(settings, "VETTED_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def _file_size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{round(size / 1024)} KB"


def validate_image_upload(file):
    """
    Raise ``ValidationError`` unless ``file`` is a real, undamaged JPEG, PNG,
    WebP or GIF image within the size and pixel limits. Returns ``(format, width,
    height)``. The file position is restored to the start.
    """
    name = PurePosixPath(getattr(file, "name", "") or "the file").name
    size = file.size
    if not size:
        raise ValidationError(f"“{name}” is empty. Choose the picture again.", code="empty")
    if size > max_bytes():
        raise ValidationError(
            f"“{name}” is {_file_size(size)}; pictures may be at most {_file_size(max_bytes())}. "
            "Resize or compress it, then upload it again.",
            code="too_large",
        )
    unreadable = ValidationError(
        f"“{name}” is not a picture that can be read: the file is damaged or is not an image. "
        f"{_ACCEPTED}",
        code="invalid_image",
    )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as picture:
                fmt, (width, height) = picture.format, picture.size
                if fmt not in ALLOWED_FORMATS:
                    raise ValidationError(
                        f"“{name}” is a {fmt or 'unknown'} file. {_ACCEPTED}",
                        code="format",
                    )
                _check_pixels(name, width, height)
                picture.verify()
            file.seek(0)
            with PILImage.open(file) as picture:
                picture.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            f"“{name}” claims a canvas too large to open safely; the limit is "
            f"{max_pixels() / 1_000_000:g} megapixels. Resize it, then upload it again.",
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable from None
    finally:
        file.seek(0)
    return fmt, width, height


def _check_pixels(name, width, height):
    if width * height > max_pixels():
        raise ValidationError(
            f"“{name}” is {width}×{height} pixels ({width * height / 1_000_000:.1f} megapixels); "
            f"the limit is {max_pixels() / 1_000_000:g} megapixels. Resize it, then upload it again.",
            code="too_many_pixels",
        )
