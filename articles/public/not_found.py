"""
With ``DEBUG`` on, Django answers every 404 with its technical page (the URL
patterns tried, the settings). Someone touring the demo should meet the
site's own "Page not found" page instead, with a hint where to go; the
admin keeps the technical page for developers.
"""

from django.conf import settings
from django.shortcuts import render

DEVELOPER_PATHS = ("/admin/", "/static/", "/media/")


class SiteNotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith(DEVELOPER_PATHS)
        ):
            site_page = render(request, "404.html", {"demo_hint": True}, status=404)
            if "Content-Security-Policy" in response:
                site_page["Content-Security-Policy"] = response["Content-Security-Policy"]
            return site_page
        return response
