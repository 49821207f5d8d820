from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Before admin.site.urls, whose catch-all would otherwise answer these paths.
    path("admin/markdownx/", include("articles.admin.markdownx_urls")),
    path("admin/", admin.site.urls),
    path("", include("articles.public.urls")),
]

if settings.DEBUG:
    # Uploaded pictures and their renditions; in production the web server or
    # object storage serves MEDIA_URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
