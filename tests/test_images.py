"""Pictures: refused when fake, damaged or too big; served as responsive renditions."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import modelform_factory
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage

from articles import actions
from articles.actions import ImageRefused
from articles.domain import images
from articles.domain.images import ensure_renditions
from articles.models import Image

from .factories import WriterFactory
from .live_content import Newsroom, set_sections

pytestmark = pytest.mark.django_db



@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def create_image(**kwargs):
    """The upload action, by a writer."""
    return actions.create_image(by=WriterFactory(), **kwargs)


def picture_bytes(fmt="JPEG", size=(2000, 1000), mode="RGB", color=(200, 80, 40)):
    buffer = io.BytesIO()
    PILImage.new(mode, size, color).save(buffer, fmt)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def forged_png(width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb."""
    data = bytearray(picture_bytes("PNG", size=(1, 1)))
    ihdr = 8  # after the signature: length (4), b"IHDR" (4), data (13), crc (4)
    data[ihdr + 8 : ihdr + 16] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4 : ihdr + 21]))
    data[ihdr + 21 : ihdr + 25] = struct.pack(">I", crc)
    return bytes(data)


def stored_files():
    return {name for folder in _walk("images") for name in folder}


def _walk(path):
    if not default_storage.exists(path):
        return
    dirs, files = default_storage.listdir(path)
    yield [f"{path}/{name}" for name in files]
    for sub in dirs:
        yield from _walk(f"{path}/{sub}")


def refused(file, **kwargs):
    before = stored_files()
    with pytest.raises(ImageRefused) as error:
        create_image(file=file, alt_text=kwargs.pop("alt_text", "A photo"), **kwargs)
    assert Image.objects.count() == 0
    assert stored_files() == before, "a refused upload must not leave a file behind"
    return str(error.value)


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


def test_a_text_file_named_like_a_picture_is_refused(db):
    message = refused(upload(b"not a picture at all", "fake.jpg"))

    assert "“fake.jpg” is not a picture that can be read" in message
    assert "Upload a JPEG, PNG, WebP or GIF image." in message


def test_a_truncated_picture_is_refused():
    data = picture_bytes("JPEG", size=(600, 400))

    message = refused(upload(data[: len(data) // 2], "cut.jpg"))

    assert "damaged or is not an image" in message


@pytest.mark.parametrize("fmt,name", [("BMP", "scan.bmp"), ("TIFF", "scan.tif"), ("ICO", "logo.png")])
def test_formats_other_than_jpeg_png_webp_and_gif_are_refused(fmt, name):
    message = refused(upload(picture_bytes(fmt, size=(50, 50)), name))

    assert f"“{name}” is a {fmt} file. Upload a JPEG, PNG, WebP or GIF image." == message


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.VETTED_IMAGE_MAX_BYTES = 20_000

    message = refused(upload(picture_bytes("PNG", size=(40, 40)) + b"\0" * 30_000, "big.png"))

    assert re.match(r"“big\.png” is \d\d KB; pictures may be at most 20 KB\.", message)
    assert "Resize or compress it" in message


def test_an_empty_file_is_refused():
    assert "is empty" in refused(upload(b"", "empty.png"))


def test_too_many_pixels_is_refused(settings):
    settings.VETTED_IMAGE_MAX_PIXELS = 100_000

    message = refused(upload(picture_bytes("PNG", size=(400, 300)), "wide.png"))

    assert "“wide.png” is 400×300 pixels (0.1 megapixels); the limit is 0.1 megapixels." in message


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    message = refused(upload(forged_png(50_000, 50_000), "bomb.png"))

    assert "megapixels" in message


def test_alt_text_is_required():
    assert "alt text is required" in refused(upload(picture_bytes()), alt_text="   ")


def test_saving_an_image_directly_is_validated_too():
    image = Image(file=upload(b"GIF89a fake", "sneaky.png"), alt_text="Sneaky")

    with pytest.raises(ValidationError, match="not a picture that can be read"):
        image.save()
    assert Image.objects.count() == 0


def test_an_upload_form_shows_the_error_next_to_the_file_field():
    form_class = modelform_factory(Image, fields=["file", "alt_text"])
    form = form_class(data={"alt_text": "A chart"}, files={"file": upload(picture_bytes("BMP", (20, 20)), "c.bmp")})

    assert not form.is_valid()
    assert form.errors["file"] == ["“c.bmp” is a BMP file. Upload a JPEG, PNG, WebP or GIF image."]


def test_an_image_file_cannot_be_replaced_once_stored():
    image = create_image(file=upload(picture_bytes(size=(100, 100))), alt_text="First")
    other = create_image(file=upload(picture_bytes(size=(50, 50))), alt_text="Second")
    image.file = other.file.name

    with pytest.raises(ValidationError, match="cannot be replaced"):
        image.save()


# --------------------------------------------------------------------------
# Renditions
# --------------------------------------------------------------------------


def _open(rendition):
    name = rendition.url.removeprefix("/media/")
    with default_storage.open(name, "rb") as handle:
        picture = PILImage.open(handle)
        picture.load()
        return picture.format, picture.size


def test_a_photo_gets_webp_and_jpeg_renditions_in_several_widths():
    image = create_image(file=upload(picture_bytes("JPEG", size=(2000, 1000))), alt_text="A bowl of oats")

    renditions = ensure_renditions(image)

    assert [r.width for r in renditions.webp] == [480, 800, 1200, 1600]
    assert [r.width for r in renditions.fallback] == [480, 800, 1200, 1600]
    assert [_open(r) for r in renditions.webp] == [("WEBP", (w, w // 2)) for w in (480, 800, 1200, 1600)]
    assert [_open(r) for r in renditions.fallback] == [("JPEG", (w, w // 2)) for w in (480, 800, 1200, 1600)]
    assert renditions.fallback_type == "image/jpeg"


def test_a_transparent_png_keeps_a_png_fallback():
    image = create_image(
        file=upload(picture_bytes("PNG", size=(900, 300), mode="RGBA", color=(0, 0, 0, 0)), "icon.png"),
        alt_text="Icon",
    )

    renditions = ensure_renditions(image)

    assert [r.width for r in renditions.fallback] == [480, 800, 900]
    assert _open(renditions.fallback[0]) == ("PNG", (480, 160))
    assert renditions.fallback_type == "image/png"


def test_a_small_picture_is_never_enlarged():
    image = create_image(file=upload(picture_bytes("WEBP", size=(320, 200)), "small.webp"), alt_text="Small")

    renditions = ensure_renditions(image)

    assert [(r.width, r.height) for r in renditions.webp] == [(320, 200)]
    assert _open(renditions.fallback[0]) == ("JPEG", (320, 200))


def test_renditions_are_made_once_and_then_read_from_their_manifest(monkeypatch):
    image = create_image(file=upload(picture_bytes(size=(1000, 500))), alt_text="Once")
    first = ensure_renditions(image)

    monkeypatch.setattr(images, "_generate", lambda image: pytest.fail("renditions were made again"))

    assert ensure_renditions(image) == first


def test_a_missing_original_is_logged_and_the_page_still_renders(client, caplog):
    newsroom = Newsroom()
    image = Image(file=upload(picture_bytes(size=(800, 400))), alt_text="Gone")
    image.save()
    article = newsroom.draft(title="Page with a lost picture", hero_image=image)
    default_storage.delete(image.file.name)
    newsroom.publish(article)

    response = client.get(f"/articles/{article.live_revision.slug}/")

    assert response.status_code == 200
    assert "<picture>" not in response.content.decode()
    assert "Could not make renditions" in caplog.text


# --------------------------------------------------------------------------
# On the article page
# --------------------------------------------------------------------------


def test_hero_picture_is_responsive_sized_and_loaded_first(client):
    image = create_image(
        file=upload(picture_bytes(size=(1800, 1200))), alt_text="Runner stretching a calf", caption="Stretch gently."
    )
    newsroom = Newsroom()
    article = newsroom.publish(newsroom.draft(title="Stretching", hero_image=image))

    html = client.get(f"/articles/{article.live_revision.slug}/").content.decode()

    picture = re.search(r'<figure class="hero">\s*(<picture>.*?</picture>)', html, re.S).group(1)
    assert re.search(r'<source type="image/webp" srcset="[^"]*-480w\.webp 480w, [^"]*-800w\.webp 800w, '
                     r'[^"]*-1200w\.webp 1200w, [^"]*-1600w\.webp 1600w" sizes="[^"]+">', picture)
    assert 'srcset="/media/renditions/' in picture and "-1600w.jpg 1600w" in picture
    assert 'width="1600" height="1067"' in picture
    assert 'alt="Runner stretching a calf"' in picture
    assert 'loading="lazy"' not in picture and 'fetchpriority="high"' in picture
    assert "<figcaption>Stretch gently.</figcaption>" in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/renditions/[^"]+-1600w\.jpg">', html)


def test_hero_alt_text_is_the_approved_one(client):
    image = create_image(file=upload(picture_bytes(size=(600, 400))), alt_text="Approved description")
    newsroom = Newsroom()
    article = newsroom.publish(newsroom.draft(hero_image=image))
    Image.objects.filter(pk=image.pk).update(alt_text="Edited after approval")

    html = client.get(f"/articles/{article.live_revision.slug}/").content.decode()

    assert 'alt="Approved description"' in html
    assert "Edited after approval" not in html


def test_pictures_in_the_text_become_lazy_loaded_renditions(client):
    image = create_image(file=upload(picture_bytes(size=(1300, 650))), alt_text="Library alt text")
    newsroom = Newsroom()
    article = newsroom.draft(title="Charts", sections=0)
    set_sections(article, [("Results", f"Before.\n\n![Bar chart of sleep hours]({image.file.url})\n\n"
                                       "![External](https://example.org/x.png)")])
    newsroom.publish(article)

    html = client.get(f"/articles/{article.live_revision.slug}/").content.decode()

    body = html.split('id="results"')[1].split("</section>")[0]
    picture = re.search(r"<picture>.*?</picture>", body, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert 'width="1300" height="650"' in picture
    assert 'alt="Bar chart of sleep hours"' in picture
    assert 'loading="lazy"' in picture
    assert '<img alt="External" decoding="async" loading="lazy" src="https://example.org/x.png">' in body


def test_with_the_page_cache_off_a_page_with_a_hero_picture_still_makes_three_queries(client, settings):
    """The lookup reads no image: the picture and its og:image come from the revision's cached body."""
    settings.VETTED_PAGE_CACHE = False
    image = create_image(file=upload(picture_bytes(size=(1200, 800))), alt_text="Runner stretching a calf")
    newsroom = Newsroom()
    article = newsroom.publish(newsroom.draft(title="Stretching", hero_image=image))
    path = f"/articles/{article.live_revision.slug}/"
    client.get(path)

    with CaptureQueriesContext(connection) as queries:
        html = client.get(path).content.decode()

    assert len(queries) == 3, [query["sql"][:80] for query in queries]
    assert '<figure class="hero">' in html and 'alt="Runner stretching a calf"' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/renditions/[^"]+\.jpg">', html)
