"""
django-markdownx's live-preview and image-upload endpoints, for the editorial
team only. markdownx's own views check nothing, so they are wrapped here:
the preview needs an editorial role (it renders through the sanitising
``articles.domain.rendering.markdownify``), uploads need the right to edit. Both
answer 403 rather than redirecting to a login page, because the editor calls
them from JavaScript.
"""

from functools import wraps

from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.urls import path
from django.views.decorators.http import require_POST
from markdownx.views import ImageUploadView, MarkdownifyView

from articles import policy


def _allowed(permission):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_authenticated and user.is_staff and policy.can(user, permission)):
                return HttpResponseForbidden(policy.refusal(user, permission))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@require_POST
@_allowed(policy.PREVIEW)
def markdownify(request):
    if "content" not in request.POST:
        return HttpResponseBadRequest("Send the Markdown to preview as “content”.")
    return MarkdownifyView.as_view()(request)


@require_POST
@_allowed(policy.UPLOAD_IMAGE)
def upload(request):
    return ImageUploadView.as_view()(request)


urlpatterns = [
    path("markdownify/", markdownify, name="markdownx_markdownify"),
    path("upload/", upload, name="markdownx_upload"),
]
