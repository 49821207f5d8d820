"""Files browsers ask for at fixed addresses: ``/favicon.ico``."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.views.decorators.http import require_safe

FAVICON = Path(settings.BASE_DIR) / "static" / "favicon.ico"


@require_safe
def favicon(request):
    """The site icon; browsers request it at the root whatever the page links to."""
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
