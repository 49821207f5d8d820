from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Before admin.site.urls, whose catch-all would otherwise answer these paths.
    path("admin/markdownx/", include("articles.staff_urls")),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
