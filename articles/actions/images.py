"""
Creating an ``Image``: the one way a picture enters the site, whether it comes
through the Image admin form or the Markdown editor's upload button.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from articles import policy
from articles.domain import images
from articles.errors import InvalidInput
from articles.models import Image

ALT_TEXT_MAX_LENGTH = Image._meta.get_field("alt_text").max_length


class ImageRefused(InvalidInput):
    """The upload is not a picture the site accepts; ``field`` names the form field at fault."""

    def __init__(self, message, *, field="file"):
        super().__init__(message)
        self.field = field


def check_image_upload(*, by, file, alt_text):
    """
    Everything ``create_image`` refuses, without storing anything; returns the
    clean copy it would store. Forms call it to show a refusal next to the field.
    """
    policy.require(by, policy.UPLOAD_IMAGE)
    if not (alt_text or "").strip():
        raise ImageRefused(
            "Describe the picture for people who cannot see it: alt text is required.",
            field="alt_text",
        )
    try:
        return images.clean_copy(file)
    except ValidationError as error:
        raise ImageRefused(" ".join(error.messages)) from None


def create_image(*, by, file, alt_text, caption="", credit=""):
    """
    Store an uploaded picture and make its renditions. The file is checked by
    content (JPEG, PNG, WebP or GIF that Pillow can decode, within the size and
    pixel limits), encoded again without metadata and stored under a name the
    site chooses (``articles.domain.images.clean_copy``). Refused with
    ``ImageRefused`` or ``articles.errors.NotPermitted``; nothing is stored then.
    """
    copy = check_image_upload(by=by, file=file, alt_text=alt_text)
    image = Image(
        file=copy.file,
        alt_text=alt_text.strip()[:ALT_TEXT_MAX_LENGTH],
        caption=caption.strip(),
        credit=credit.strip(),
        uploaded_by=by,
    )
    image._validated_file = image.file.file
    try:
        image.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ImageRefused(" ".join(messages), field=field) from None
    try:
        with transaction.atomic():
            image.save()
    except Exception:
        # The file is written before the row; do not leave it behind.
        if image.file.name:
            image.file.storage.delete(image.file.name)
        raise
    images.ensure_renditions(image)
    return image
