"""The review-due list in the admin: live pages due for medical review, soonest first."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles.domain.review_expiry import review_due


def review_due_urls(model_admin):
    """The review-due list, under the article admin (``admin:articles_article_review_due``)."""

    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        return review_due_list(request, model_admin)

    return [path("review-due/", model_admin.admin_site.admin_view(view), name="articles_article_review_due")]


def review_due_list(request, model_admin):
    """
    Live pages due for medical review now or within ``VETTED_REVIEW_DUE_SOON_DAYS``,
    soonest first, including pages whose disclaimers changed since approval
    (due at once). The same list as ``manage.py review_due``.
    """
    now = timezone.now()
    items = review_due(now=now)
    return TemplateResponse(
        request,
        "admin/articles/article/review_due.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Live articles due for review",
            "opts": model_admin.opts,
            "items": [(item, item.due_at <= now) for item in items],
        },
    )
