"""
The pages a refused request gets: a 403 that says why and what to do,
instead of Django's bare "403 Forbidden". Editors (paths under ``/admin/``)
get it in the admin's look, with their roles and a way back; readers get the
site's look. A form sent without a valid CSRF token (a stale tab, a forged
post) gets the same page with that reason.
"""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse

from articles import policy

GENERIC_REASON = "Your account is not allowed to do this."


def permission_denied(request, exception=None):
    reason = str(exception or "").strip() or GENERIC_REASON
    return _refusal_page(request, reason=reason, advice=_advice(request))


def csrf_failure(request, reason=""):
    return _refusal_page(
        request,
        reason="The form was sent without a valid security token, so nothing was changed.",
        advice="This happens when a page was open for a long time, or was opened before you signed in "
        "again. Go back, reload the page and send the form again.",
    )


def _advice(request):
    user = request.user
    if not user.is_authenticated:
        return "Sign in with an account that has the right role, then try again."
    roles = [name for name in policy.ROLES if user.groups.filter(name=name).exists()]
    held = ", ".join(roles) if roles else "no editorial role"
    return (
        f"You are signed in as {user.get_full_name() or user.get_username()} ({held}). "
        "If you need to do this, ask a site administrator to give your account the role that does it; "
        "otherwise go back to the article and choose one of the buttons offered there."
    )


def _refusal_page(request, *, reason, advice):
    if request.path.startswith(reverse("admin:index")):
        context = {
            **admin.site.each_context(request),
            "title": "Not allowed",
            "reason": reason,
            "advice": advice,
            "back_url": _same_site_referer(request) or reverse("admin:index"),
        }
        return render(request, "admin/vetted/refused.html", context, status=403)
    return render(request, "403.html", {"reason": reason}, status=403)


def _same_site_referer(request):
    referer = request.META.get("HTTP_REFERER", "")
    origin = f"{request.scheme}://{request.get_host()}/"
    return referer if referer.startswith(origin) else ""
