"""
Every way a picture enters the site (the Image admin form and the Markdown
editor's upload) goes through the ``create_image`` action: checked by content,
stored as a clean re-encoded copy under a name the site chooses, refused with
a message (never a 500) and served with headers that keep a file inert.
"""

import io
import json
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import PngImagePlugin

from articles.actions import ImageRefused, create_image
from articles.errors import NotPermitted
from articles.models import Image

from .admin_helpers import logged_in
from .factories import PublisherFactory

pytestmark = pytest.mark.django_db

EDITOR_UPLOAD = "/admin/markdownx/upload/"
ADMIN_ADD = "/admin/articles/image/add/"
SCRIPT = b"<script>fetch('/admin/').then(r=>r.text()).then(alert)</script>"


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def encoded(fmt="JPEG", size=(320, 200), mode="RGB", **params):
    buffer = io.BytesIO()
    PILImage.new(mode, size, (30, 120, 200) if mode == "RGB" else 1).save(buffer, fmt, **params)
    return buffer.getvalue()


def forged_png(width, height):
    """A 1×1 PNG whose header claims ``width`` × ``height``: a decompression bomb."""
    data = bytearray(encoded("PNG", size=(1, 1)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def ztxt_bomb():
    """A small PNG with a compressed text chunk that inflates to 50 MB."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "A" * 50_000_000, zip=True)
    return encoded("PNG", size=(8, 8), pnginfo=info)


def huge_canvas():
    """A real, decodable 13,000 × 13,000 (169 megapixel) one-bit PNG of 20 KB."""
    return encoded("PNG", size=(13_000, 13_000), mode="1")


BAD_UPLOADS = {
    "fake": ("chart.png", b"<html>not a picture</html>", "not a picture that can be read"),
    "truncated": ("cut.jpg", encoded("JPEG", size=(600, 400))[:900], "not a picture that can be read"),
    "bomb": ("bomb.png", forged_png(50_000, 50_000), "megapixels"),
    "ztxt_bomb": ("notes.png", ztxt_bomb(), "not a picture that can be read"),
    "over_40_megapixels": ("scan.png", huge_canvas(), "the limit is 40 megapixels"),
}


def editor_upload(user, name, data, **extra):
    return logged_in(user).post(
        EDITOR_UPLOAD,
        {"image": SimpleUploadedFile(name, data, content_type="image/png"), **extra},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )


def stored_names():
    found = []

    def walk(path):
        dirs, files = default_storage.listdir(path)
        found.extend(f"{path}/{name}" for name in files)
        for sub in dirs:
            walk(f"{path}/{sub}")

    walk(".")
    return found


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_file_through_the_editor_is_a_400_with_a_message_and_nothing_stored(writer, case):
    name, data, reason = BAD_UPLOADS[case]

    response = editor_upload(writer, name, data)

    assert response.status_code == 400
    assert reason in json.loads(response.content)["image"][0]
    assert Image.objects.count() == 0
    assert stored_names() == []


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_file_through_the_image_form_is_shown_next_to_the_field(writer, case):
    name, data, reason = BAD_UPLOADS[case]

    response = logged_in(writer).post(
        ADMIN_ADD, {"file": SimpleUploadedFile(name, data), "alt_text": "A chart"}
    )

    assert response.status_code == 200
    assert reason in " ".join(response.context["adminform"].form.errors["file"])
    assert Image.objects.count() == 0
    assert stored_names() == []


def test_the_stored_script_attack_leaves_an_inert_picture(writer, settings, client):
    """A JPEG whose comment holds a script, uploaded as ``dosing-chart.html``."""
    response = editor_upload(writer, "dosing-chart.html", encoded("JPEG", comment=SCRIPT))

    assert response.status_code == 200
    image = Image.objects.get()
    assert image.file.name.endswith(".jpg")
    assert ".html" not in image.file.name
    assert json.loads(response.content)["image_code"] == f"![dosing chart]({image.file.url})"
    for name in stored_names():
        with default_storage.open(name, "rb") as handle:
            assert b"<script" not in handle.read(), name

    settings.ROOT_URLCONF = "tests.urls_with_media"
    served = client.get(image.file.url)
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert "attachment" not in served.get("Content-Disposition", "")


def test_a_file_in_media_that_is_not_a_picture_downloads_inert(settings, client):
    default_storage.save("markdownx/old.html", io.BytesIO(b"<script>alert(1)</script>"))
    settings.ROOT_URLCONF = "tests.urls_with_media"

    served = client.get("/media/markdownx/old.html")

    assert served["Content-Disposition"] == "attachment"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"].startswith("default-src 'none'")
    assert "sandbox" in served["Content-Security-Policy"]


def test_metadata_is_stripped_from_the_stored_picture_and_its_renditions(writer):
    exif = PILImage.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    jpeg = encoded("JPEG", size=(1000, 600), exif=exif.tobytes(), comment=b"private note")
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "private name")
    text.add_text("Secret", "private zipped", zip=True)
    png = encoded("PNG", size=(900, 500), pnginfo=text)

    for name, data in [("photo.jpg", jpeg), ("diagram.png", png)]:
        create_image(by=writer, file=SimpleUploadedFile(name, data), alt_text="A picture")

    names = stored_names()
    assert len([n for n in names if n.startswith("./images/")]) == 2
    for name in names:
        if name.endswith(".json"):
            continue
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        for secret in (b"CameraMaker", b"private", b"tEXt", b"zTXt", b"iTXt", b"Exif"):
            assert secret not in data, (name, secret)
        picture = PILImage.open(io.BytesIO(data))
        assert not picture.getexif()
        assert "comment" not in picture.info


def test_a_gif_is_accepted_and_stored_as_a_png(writer):
    image = create_image(by=writer, file=SimpleUploadedFile("anim.gif", encoded("GIF")), alt_text="An icon")

    assert image.file.name.endswith(".png")
    with image.file.open("rb") as handle:
        assert PILImage.open(handle).format == "PNG"


def test_the_image_form_stores_a_clean_copy_through_the_action(writer):
    response = logged_in(writer).post(
        ADMIN_ADD,
        {"file": SimpleUploadedFile("chart.html", encoded("JPEG", comment=SCRIPT)), "alt_text": "Dosing chart"},
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == writer
    assert image.file.name.endswith(".jpg")
    with image.file.open("rb") as handle:
        assert b"<script" not in handle.read()


def test_only_writers_may_upload(db):
    publisher = PublisherFactory()

    with pytest.raises(NotPermitted):
        create_image(by=publisher, file=SimpleUploadedFile("a.jpg", encoded()), alt_text="A photo")
    assert editor_upload(publisher, "a.jpg", encoded()).status_code == 403
    assert Image.objects.count() == 0


def test_the_action_refuses_missing_alt_text(writer):
    with pytest.raises(ImageRefused, match="alt text is required"):
        create_image(by=writer, file=SimpleUploadedFile("a.jpg", encoded()), alt_text=" ")
