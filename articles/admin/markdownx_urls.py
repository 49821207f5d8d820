"""
django-markdownx's live-preview and image-upload endpoints, for the editorial
team only. markdownx's own views check nothing, so they are wrapped here:
the preview needs an editorial role (it renders through the sanitising
``articles.domain.rendering.markdownify``), uploads need the right to edit. Both
answer 403 rather than redirecting to a login page, because the editor calls
them from JavaScript.

An upload goes through the same ``create_image`` action as the Image admin
form: the picture becomes an ``Image`` row (with the file's name, made
readable, as its alt text until the writer changes it in the text), stored as
a clean copy under a name the site chooses. A refusal is a 400 whose JSON
names the problem, in the shape markdownx's own form errors have.
"""

import re
from functools import wraps
from pathlib import PurePosixPath

from django.http import HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST
from markdownx.views import MarkdownifyView

from articles import policy
from articles.actions import ImageRefused, create_image
from articles.domain.rendering import MarkdownTooComplex, check_markdown_bounds
from articles.errors import NotPermitted


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
    try:
        check_markdown_bounds(request.POST["content"])
    except MarkdownTooComplex as refusal:
        return HttpResponseBadRequest(str(refusal), content_type="text/plain; charset=utf-8")
    return MarkdownifyView.as_view()(request)


_NOT_ALT_TEXT_RE = re.compile(r"[\W_]+")


def _alt_text_from(filename):
    """ "dosing-chart_v2.png" -> "dosing chart v2": a starting point the writer edits."""
    words = _NOT_ALT_TEXT_RE.sub(" ", PurePosixPath(filename or "").stem).strip()
    return words[:200] or "Picture"


@require_POST
@_allowed(policy.UPLOAD_IMAGE)
def upload(request):
    file = request.FILES.get("image")
    if file is None:
        return JsonResponse({"image": ["Choose a picture to upload."]}, status=400)
    alt_text = request.POST.get("alt_text") or _alt_text_from(file.name)
    try:
        image = create_image(by=request.user, file=file, alt_text=alt_text)
    except NotPermitted as refusal:
        return JsonResponse({"image": [str(refusal)]}, status=403)
    except ImageRefused as refusal:
        return JsonResponse({"image": [str(refusal)]}, status=400)
    alt = image.alt_text.replace("\\", "").replace("[", "").replace("]", "")
    return JsonResponse({"image_code": f"![{alt}]({image.file.url})"})


urlpatterns = [
    path("markdownify/", markdownify, name="markdownx_markdownify"),
    path("upload/", upload, name="markdownx_upload"),
]
