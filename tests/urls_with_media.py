"""The site's URLs plus the media route that DEBUG (or VETTED_SERVE_MEDIA) adds."""

from articles.public.media import media_urlpatterns
from cms.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, *media_urlpatterns()]
