"""
Uploaded pictures: validation on the way in, resized renditions on the way out.

Validation (``validate_image_upload``, in ``articles.models.image_files``
because ``Image`` applies it to every new row) decides whether a file may
become an ``Image`` at all.

Accepted files are never stored as sent. ``clean_copy`` decodes the pixels
and encodes them again into a new file (JPEG stays JPEG, WebP stays WebP, PNG
and GIF become PNG; an animation keeps its first frame) with no metadata at
all: no EXIF (camera, GPS), no JPEG comment, no PNG text chunk, no ICC
profile. The stored name is a random one with the extension of the format
written, so a file sent as ``chart.html`` is stored as ``<random>.jpg``.

Renditions are the sizes the public pages serve. For every width in
``VETTED_RENDITION_WIDTHS`` smaller than the original (plus the original
width, capped at the largest) there is a WebP file and a fallback (PNG when
the original is a PNG, so transparency and line art survive; JPEG otherwise).
They are written once under ``MEDIA_ROOT/renditions/<image id>/`` with a small
manifest, and never change: an ``Image`` file is immutable, so a rendition of
it is too. ``ensure_renditions`` generates whatever is missing and is safe to
call on every cold page render; the ``create_image`` action
(``articles.actions.images``) calls it at upload time.
EXIF orientation is applied and metadata (camera, GPS) is not copied.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import uuid
import warnings
from dataclasses import dataclass
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from PIL import Image as PILImage
from PIL import ImageOps

from articles.models import Image
from articles.models.image_files import validate_image_upload

logger = logging.getLogger(__name__)

#: The format a clean copy of each accepted format is written in, and its extension.
_STORED_AS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp"), "GIF": ("PNG", "png")}
DEFAULT_RENDITION_WIDTHS = (480, 800, 1200, 1600)
#: Width of the article column; tells the browser which rendition to pick.
SIZES = "(min-width: 50rem) 46rem, 100vw"
#: Bump when the way renditions are made changes, so they are made again.
RENDITION_VERSION = 1

_WEBP_QUALITY = 80
_JPEG_QUALITY = 82
# The stored original is re-encoded once; keep it close to what was sent.
_STORED_JPEG_QUALITY = 92
_STORED_WEBP_QUALITY = 92


def rendition_widths():
    return tuple(sorted(getattr(settings, "VETTED_RENDITION_WIDTHS", DEFAULT_RENDITION_WIDTHS)))


@dataclass(frozen=True)
class CleanCopy:
    """A re-encoded, metadata-free copy of an accepted upload, ready to store."""

    file: ContentFile
    width: int
    height: int


def clean_copy(file):
    """
    Validate ``file`` (``validate_image_upload``) and return a ``CleanCopy``:
    the pixels encoded again, in the format and under the name the project
    chooses, with every metadata block left behind. Raises ``ValidationError``.
    """
    fmt, _width, _height = validate_image_upload(file)
    target_format, extension = _STORED_AS[fmt]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as original:
                picture = ImageOps.exif_transpose(original)
                picture.load()
    finally:
        file.seek(0)
    keep_alpha = target_format != "JPEG" and (
        picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    )
    picture = picture.convert("RGBA" if keep_alpha else "RGB")
    # A fresh canvas carries no ``info`` (comment, EXIF, ICC, text chunks),
    # which Pillow would otherwise copy into the new file.
    bare = PILImage.new(picture.mode, picture.size)
    bare.paste(picture)
    buffer = io.BytesIO()
    if target_format == "JPEG":
        bare.save(buffer, "JPEG", quality=_STORED_JPEG_QUALITY, optimize=True)
    elif target_format == "WEBP":
        bare.save(buffer, "WEBP", quality=_STORED_WEBP_QUALITY, method=4)
    else:
        bare.save(buffer, "PNG")
    return CleanCopy(
        file=ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}"),
        width=bare.width,
        height=bare.height,
    )


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Renditions:
    """The files a ``<picture>`` offers for one image."""

    webp: tuple[Rendition, ...]
    fallback: tuple[Rendition, ...]
    fallback_type: str

    @property
    def largest(self):
        return self.fallback[-1]

    @property
    def default(self):
        """What browsers without ``srcset`` support load: the size nearest 800 px."""
        return min(self.fallback, key=lambda r: abs(r.width - 800))


def _folder(image):
    # The stored name is unique in the storage and never changes, so together
    # with the id it names exactly one original, even after a database reset.
    digest = hashlib.sha256(image.file.name.encode()).hexdigest()[:12]
    return f"renditions/{image.pk}-{digest}/v{RENDITION_VERSION}"


def ensure_renditions(image):
    """
    The image's renditions, generated first if they are missing. Returns
    ``None`` (and logs) when the original cannot be read, so a page with a
    missing file still renders its text.
    """
    manifest_name = f"{_folder(image)}/manifest.json"
    if default_storage.exists(manifest_name):
        with default_storage.open(manifest_name, "rb") as handle:
            return _from_manifest(json.load(handle))
    try:
        manifest = _generate(image)
    except (OSError, ValueError, SyntaxError, EOFError, PILImage.DecompressionBombError,
            PILImage.DecompressionBombWarning) as exc:
        logger.error("Could not make renditions of image %s (%s): %s", image.pk, image.file.name, exc)
        return None
    _replace(manifest_name, json.dumps(manifest).encode())
    return _from_manifest(manifest)


def _generate(image):
    with image.file.open("rb") as handle, warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        with PILImage.open(handle) as original:
            source_format = original.format
            picture = ImageOps.exif_transpose(original)
            picture.load()
    keep_alpha = picture.mode in ("RGBA", "LA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    picture = picture.convert("RGBA" if keep_alpha else "RGB")
    picture.info.clear()  # no comment or profile copied from the original
    fallback_ext = "png" if source_format == "PNG" else "jpg"
    if fallback_ext == "jpg" and keep_alpha:
        fallback_ext = "png"
    width, height = picture.size
    widths = sorted({w for w in rendition_widths() if w < width} | {min(width, rendition_widths()[-1])})
    stem = PurePosixPath(image.file.name).stem[:60]
    entries = []
    for target in widths:
        target_height = max(1, round(height * target / width))
        resized = picture if target == width else picture.resize((target, target_height), PILImage.LANCZOS)
        for ext in ("webp", fallback_ext):
            name = f"{_folder(image)}/{stem}-{target}w.{ext}"
            _replace(name, _encode(resized, ext))
            entries.append({"name": name, "width": target, "height": target_height, "ext": ext})
    return {"fallback_ext": fallback_ext, "files": entries}


def _encode(picture, ext):
    buffer = io.BytesIO()
    if ext == "webp":
        picture.save(buffer, "WEBP", quality=_WEBP_QUALITY, method=4)
    elif ext == "png":
        picture.save(buffer, "PNG", optimize=True)
    else:
        picture.convert("RGB").save(buffer, "JPEG", quality=_JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _replace(name, data):
    """Write ``name`` exactly (storages rename on clash, which would orphan the manifest)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))


def _from_manifest(manifest):
    def pick(ext):
        return tuple(
            Rendition(default_storage.url(entry["name"]), entry["width"], entry["height"])
            for entry in manifest["files"]
            if entry["ext"] == ext
        )

    fallback_ext = manifest["fallback_ext"]
    return Renditions(
        webp=pick("webp"),
        fallback=pick(fallback_ext),
        fallback_type="image/png" if fallback_ext == "png" else "image/jpeg",
    )


def _srcset(renditions):
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def picture_html(renditions, *, alt, lazy=True):
    """
    ``<picture>`` markup: WebP first, the fallback in ``<img>`` with
    ``srcset``, and the intrinsic width and height so the layout does not
    shift while it loads. ``lazy=False`` for pictures above the fold.
    """
    largest = renditions.largest
    loading = mark_safe(' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high" decoding="async"')
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        [("image/webp", _srcset(renditions.webp), SIZES)] if renditions.webp else [],
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        sources,
        renditions.default.url,
        _srcset(renditions.fallback),
        SIZES,
        largest.width,
        largest.height,
        alt,
        loading,
    )


_IMG_TAG_RE = re.compile(r"<img\s[^>]*>")
_ATTRIBUTE_RE = re.compile(r'([a-z-]+)="([^"]*)"')


def with_renditions(fragments):
    """
    Serve pictures uploaded to the site (``![alt](/media/images/...)`` in the
    text) as responsive, lazy-loaded renditions, in every fragment of
    ``{name: html}``. The page and the editor's preview both use it. Runs on
    the sanitiser's output, whose ``<img>`` tags have double-quoted attributes only.
    """
    media_url = settings.MEDIA_URL
    wanted = {}
    for html_text in fragments.values():
        for tag in _IMG_TAG_RE.findall(html_text):
            src = unescape(dict(_ATTRIBUTE_RE.findall(tag)).get("src", ""))
            if src.startswith(media_url):
                wanted[src] = unquote(src[len(media_url):])
    if not wanted:
        return fragments
    by_name = {image.file.name: image for image in Image.objects.filter(file__in=set(wanted.values()))}
    pictures = {}
    for src, name in wanted.items():
        image = by_name.get(name)
        renditions = ensure_renditions(image) if image else None
        if renditions is not None:
            pictures[src] = (renditions, image)

    def picture_for(match):
        attributes = dict(_ATTRIBUTE_RE.findall(match.group(0)))
        found = pictures.get(unescape(attributes.get("src", "")))
        if found is None:
            return match.group(0)
        renditions, _image = found
        # The alt text is the one in the revision (filled in at submission);
        # the image's current description may have changed since approval.
        alt = unescape(attributes.get("alt", ""))
        return picture_html(renditions, alt=alt, lazy=True)

    return {name: mark_safe(_IMG_TAG_RE.sub(picture_for, html_text)) for name, html_text in fragments.items()}
