"""The people a notification can go to. Each function returns active users with an email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from articles import policy


def _holding(permission):
    """Active users holding ``permission`` ("app.codename") through a group or directly (never is_superuser)."""
    app_label, codename = permission.split(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .distinct()
    )


def publishers():
    return list(_holding(policy.PUBLISH).order_by("pk"))


def eligible_reviewers(revision=None):
    """
    Medical reviewers who may review ``revision`` now: an active, verified,
    unexpired profile (as ``policy.reviewer_profile`` asks), and none of its authors.
    """
    today = timezone.now().date()
    reviewers = _holding(policy.REVIEW).filter(
        reviewer_profile__active=True, reviewer_profile__verified_at__isnull=False
    ).filter(
        Q(reviewer_profile__credentials_expire_on__isnull=True)
        | Q(reviewer_profile__credentials_expire_on__gte=today)
    )
    if revision is not None:
        reviewers = reviewers.exclude(pk__in=revision.author_ids)
    return list(reviewers.order_by("pk"))


def authors(revision):
    """Everyone who counts as an author of ``revision`` (its submitter, listed authors and editors)."""
    return list(
        get_user_model()
        .objects.filter(pk__in=revision.author_ids, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def users(*candidates):
    """The given users that are active and have an address, without repeats."""
    seen, found = set(), []
    for user in candidates:
        if user is not None and user.is_active and user.email and user.pk not in seen:
            seen.add(user.pk)
            found.append(user)
    return found
