"""
Serving uploaded files from this process (development, or a deployment with
``VETTED_SERVE_MEDIA=1``); in production the web server or a CDN serves
``MEDIA_URL`` with the same headers (``docs/deploy.md``).

Every upload that becomes an ``Image`` is a re-encoded picture stored under a
name the site chose, but ``MEDIA_ROOT`` may still hold files that are not
(renditions' manifests, anything copied in by hand). So the responses say:

* ``X-Content-Type-Options: nosniff``: the browser uses the type given, never
  one guessed from the bytes;
* a Content-Security-Policy that runs nothing and loads nothing
  (``default-src 'none'; sandbox``), so even an HTML file opened directly is
  an inert, script-less document in an opaque origin;
* ``Content-Disposition: attachment`` for anything that is not a raster
  image, so it downloads instead of being shown.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

#: Shown inline; everything else (SVG included: it can carry script) downloads.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def media_headers(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if content_type not in INLINE_TYPES:
        response["Content-Disposition"] = "attachment"
    return response


def serve_media(request, path):
    return media_headers(serve(request, path, document_root=settings.MEDIA_ROOT))


def media_urlpatterns():
    prefix = settings.MEDIA_URL.strip("/")
    return [re_path(rf"^{prefix}/(?P<path>.*)$", serve_media, name="media")]
