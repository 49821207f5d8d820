"""
Previews: any revision (or the unsaved working copy) rendered exactly as the
public article page renders it, and signed share links to a revision.

A share link carries a ``TimestampSigner`` signature over the revision's id
and fingerprint, so it opens that revision and no other, works without an
account, and is refused once older than
``settings.VETTED_PREVIEW_LINK_MAX_AGE`` seconds. Previews are never
indexed (``X-Robots-Tag`` and a robots meta tag), never cached, and send no
referrer, so the link does not leak from the page.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles.domain.claim_flags import freeze_with_claims
from articles.domain.integrity import revision_is_trustworthy
from articles.models import ArticleRevision
from articles.models.revisions import fingerprint
from articles.public.pages import article_page_context
from articles.public.withheld import withheld_response

#: The template of the public article page. Previews render it through
#: ``PREVIEW_TEMPLATE``, which extends it only to add a banner and a robots tag.
PUBLIC_ARTICLE_TEMPLATE = "articles/article_detail.html"
PREVIEW_TEMPLATE = "articles/preview.html"

_SALT = "articles.admin.previews.share-link"
_HASH_PREFIX = 16


class PreviewLinkRefused(Exception):
    """A share link that is malformed, forged, or for a revision that does not exist."""


class PreviewLinkExpired(PreviewLinkRefused):
    """A genuine share link that is older than its lifetime."""


def working_copy_revision(article):
    """
    An unsaved revision holding the working copy exactly as submitting it now
    would freeze it, with the disclaimers its claims and topics require.
    """
    content, _found = freeze_with_claims(article)
    # The fingerprint names this content in the page cache, as a saved revision's does.
    return ArticleRevision(article=article, number=0, content_hash=fingerprint(content), **content)


def render_preview(request, revision, *, banner):
    """
    Render ``revision`` with the public page's context and template, marked
    as a private preview by ``PREVIEW_TEMPLATE`` (which shows ``banner``).
    """
    context = {**article_page_context(revision, request=request), "preview_banner": banner}
    response = render(request, PREVIEW_TEMPLATE, context)
    mark_private(response)
    return response


def mark_private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def share_token(revision):
    return signing.TimestampSigner(salt=_SALT).sign(
        f"{revision.pk}-{revision.content_hash[:_HASH_PREFIX]}"
    )


def share_path(revision):
    return reverse("articles:shared_preview", kwargs={"token": share_token(revision)})


def share_link_expires_at():
    """When a link made now stops working."""
    return timezone.now() + timedelta(seconds=settings.VETTED_PREVIEW_LINK_MAX_AGE)


def revision_for_token(token):
    """The revision a share link opens; raises ``PreviewLinkRefused`` or ``PreviewLinkExpired``."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        value = signer.unsign(token, max_age=settings.VETTED_PREVIEW_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise PreviewLinkExpired("This preview link has expired.") from exc
    except signing.BadSignature as exc:
        raise PreviewLinkRefused("This preview link is not valid.") from exc
    pk, _, hash_prefix = value.partition("-")
    revision = (
        ArticleRevision.objects.select_related("article")
        .filter(pk=int(pk), content_hash__startswith=hash_prefix)
        .first()
    )
    if revision is None:
        raise PreviewLinkRefused("This preview link is not valid.")
    return revision


def shared_preview(request, token):
    """The page a share link opens, for anyone holding the link; no login needed."""
    try:
        revision = revision_for_token(token)
    except PreviewLinkExpired:
        return _refused(request, expired=True)
    except PreviewLinkRefused:
        return _refused(request, expired=False)
    if not revision_is_trustworthy(revision, require_approval=False):
        return mark_private(withheld_response(request))
    return render_preview(request, revision, banner={"revision": revision, "shared": True})


def _refused(request, *, expired):
    response = render(
        request,
        "articles/preview_link_refused.html",
        {"expired": expired},
        status=410 if expired else 404,
    )
    return mark_private(response)
