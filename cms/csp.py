"""
django-csp with two policies: the public site's (``CONTENT_SECURITY_POLICY``)
and a separate one for the editorial admin (``ADMIN_CONTENT_SECURITY_POLICY``)
under ``/admin/``, covering the review page, the previews and the markdownx
preview endpoint. The admin's policy allows only the site's own scripts (no
inline script, no ``eval``) and inline style attributes, which Django's admin
widgets use.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class VettedCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts
