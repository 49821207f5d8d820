from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.public.media import media_urlpatterns

# A refusal says why and what to do, in the admin's look for editors (articles.admin.refusals).
handler403 = "articles.admin.refusals.permission_denied"

urlpatterns = [
    # Before admin.site.urls, whose catch-all would otherwise answer these paths.
    path("admin/markdownx/", include("articles.admin.markdownx_urls")),
    path("admin/", admin.site.urls),
    path("", include("articles.public.urls")),
]

if settings.DEBUG or settings.VETTED_SERVE_MEDIA:
    # Uploaded pictures and their renditions, with safe headers; in production
    # the web server or object storage serves MEDIA_URL (docs/deploy.md).
    urlpatterns += media_urlpatterns()
