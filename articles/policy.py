"""
The permission policy: the one place that says who may do what.

It is built on Django's permissions, like Wagtail's permission policies. A
role is a ``Group``; what a role may do is the set of model permissions its
group holds (``ROLE_PERMISSIONS``, given to the groups by the seed
migration). A permission granted to a user directly counts the same way.
Every caller asks here: the actions before they write, the admin's
``has_*_permission`` and buttons, the markdownx endpoints and the views.

Superusers get no exemption. Django's ``ModelBackend`` grants an active
superuser every permission, so the policy reads the user's group and direct
permissions itself and never consults ``is_superuser``: the account that
manages users cannot approve, publish or edit articles unless it is given a
role, and even then never reviews its own work.

Object-level rules that are not a matter of roles live here too: a reviewer
needs an active reviewer profile whose credentials a second person verified
and that has not expired, and never reviews a revision they wrote.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from articles.errors import NotPermitted, SelfReviewRefused
from articles.models import ReviewerProfile

WRITERS = "Writers"
MEDICAL_REVIEWERS = "Medical reviewers"
PUBLISHERS = "Publishers"
ROLES = (WRITERS, MEDICAL_REVIEWERS, PUBLISHERS)

# What each verb needs, as "app_label.codename".
EDIT = "articles.change_article"
IMPORT = "articles.add_article"
CREATE = "articles.add_article"
SUBMIT = "articles.submit_article"
WITHDRAW = "articles.submit_article"
PUBLISH = "articles.publish_article"
REVIEW = "articles.review_articlerevision"
PREVIEW = "articles.view_articlerevision"
UPLOAD_IMAGE = "articles.add_image"
CHANGE_IMAGE = "articles.change_image"
MANAGE_DISCLAIMERS = "articles.change_disclaimer"
ADD_DISCLAIMER = "articles.add_disclaimer"
MANAGE_TOPICS = "articles.change_topic"
ADD_TOPIC = "articles.add_topic"
MANAGE_REVIEWERS = "articles.change_reviewerprofile"
ADD_REVIEWER = "articles.add_reviewerprofile"
VERIFY_CREDENTIALS = "articles.verify_reviewerprofile"
#: Assigning a review to a reviewer: Publishers, and any lead reviewer given it directly.
ASSIGN_REVIEW = "articles.assign_articlerevision"

_READ_ALL = (
    "view_article", "view_section", "view_reference", "view_image", "view_topic",
    "view_articlerevision", "view_reviewdecision", "view_workflowevent",
    "view_disclaimer", "view_reviewerprofile", "view_claimflag", "view_claimresolution",
    "view_revisiondisclaimer", "view_reviewnote", "view_reviewapproval",
)

#: The permission codenames (app "articles") each role's group holds.
ROLE_PERMISSIONS = {
    WRITERS: _READ_ALL + (
        "add_article", "change_article", "submit_article",
        "add_section", "change_section", "delete_section",
        "add_reference", "change_reference", "delete_reference",
        "add_image", "change_image",
    ),
    MEDICAL_REVIEWERS: _READ_ALL + ("review_articlerevision",),
    PUBLISHERS: _READ_ALL + (
        "publish_article",
        "add_disclaimer", "change_disclaimer",
        "add_topic", "change_topic",
        "add_reviewerprofile", "change_reviewerprofile", "verify_reviewerprofile",
        "assign_articlerevision",
        "view_integrityalert",
    ),
}

#: What a refusal tells the user to ask for, by permission.
_NEEDS = {
    EDIT: ("edit articles", WRITERS),
    CREATE: ("create articles", WRITERS),
    SUBMIT: ("submit articles for review or withdraw them", WRITERS),
    PUBLISH: ("publish, schedule or unpublish articles", PUBLISHERS),
    REVIEW: ("review articles", MEDICAL_REVIEWERS),
    PREVIEW: ("preview revisions", "any editorial"),
    UPLOAD_IMAGE: ("upload pictures", WRITERS),
    CHANGE_IMAGE: ("change pictures", WRITERS),
    MANAGE_DISCLAIMERS: ("change disclaimers", PUBLISHERS),
    ADD_DISCLAIMER: ("add disclaimers", PUBLISHERS),
    MANAGE_TOPICS: ("change topics", PUBLISHERS),
    ADD_TOPIC: ("add topics", PUBLISHERS),
    MANAGE_REVIEWERS: ("change reviewer profiles", PUBLISHERS),
    ADD_REVIEWER: ("add reviewer profiles", PUBLISHERS),
    VERIFY_CREDENTIALS: ("verify reviewer credentials", PUBLISHERS),
    ASSIGN_REVIEW: ("assign reviews to medical reviewers", PUBLISHERS),
}


def permissions_of(user):
    """
    The user's permissions as ``"app_label.codename"`` strings: those of
    their groups plus their own, ignoring ``is_superuser``. Cached on the
    user object for the request; ``forget(user)`` drops the cache.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_vetted_permissions", None)
    if cached is None:
        rows = (
            Permission.objects.filter(Q(group__user=user) | Q(user=user))
            .values_list("content_type__app_label", "codename")
            .distinct()
        )
        cached = frozenset(f"{app}.{codename}" for app, codename in rows)
        user._vetted_permissions = cached
    return cached


def forget(user):
    """Drop the cached permissions after a change to the user's groups or permissions."""
    user.__dict__.pop("_vetted_permissions", None)
    user.__dict__.pop("_vetted_reviewer_profile", None)


def has(user, permission):
    return permission in permissions_of(user)


def reviewer_profile(user):
    """
    The user's reviewer profile if they may review at all now, else None: it
    must be active, verified by someone else and not expired. The one place
    the actions ask; the database guard (``articles.db.triggers``) repeats it.
    """
    if not has(user, REVIEW):
        return None
    if "_vetted_reviewer_profile" not in user.__dict__:
        user._vetted_reviewer_profile = (
            ReviewerProfile.objects.filter(user=user, active=True, verified_at__isnull=False)
            .filter(
                Q(credentials_expire_on__isnull=True)
                | Q(credentials_expire_on__gte=timezone.now().date())
            )
            .first()
        )
    return user._vetted_reviewer_profile


def unverified_profile(user):
    """The user's active profile that cannot review because it is unverified or expired, else None."""
    profile = ReviewerProfile.objects.filter(user=user, active=True).first() if user and user.pk else None
    return profile if profile is not None and not profile.credentials_verified else None


def is_editorial(user):
    """Holds any editorial role's permissions: may use the editor, previews and the review pages."""
    return has(user, PREVIEW)


def can_review(user, revision=None):
    """
    Active medical reviewers may review, but never a revision they wrote:
    its submitter, the article's authors at submission and everyone whose
    text is in it since the last approval (``ArticleRevision.author_ids``).
    """
    if reviewer_profile(user) is None:
        return False
    return revision is None or user.pk not in revision.author_ids


def can(user, permission, obj=None):
    """May ``user`` do what ``permission`` stands for (on ``obj``, where an object matters)?"""
    if permission == REVIEW:
        return can_review(user, obj)
    return has(user, permission)


def refusal(user, permission, obj=None):
    """The message for a refused ``permission``, saying what to ask for."""
    who = _name(user)
    if permission == REVIEW:
        if obj is not None and reviewer_profile(user) is not None:
            return (
                f"{who} wrote or edited revision {obj.number} of “{obj.title}” and so cannot "
                "review it. Another medical reviewer must."
            )
        pending = unverified_profile(user) if has(user, REVIEW) else None
        if pending is not None:
            state = "have expired" if pending.verified_at else "have not been verified"
            return (
                f"{who} cannot review yet: their credentials ({pending.credentials}) {state}. "
                "Someone with the verify reviewer credentials permission must check them "
                "against the issuing body's register and verify the profile."
            )
        return (
            f"{who} cannot review: only members of the Medical reviewers group with an "
            "active reviewer profile can approve, request changes or accept flagged claims."
        )
    what, role = _NEEDS.get(permission, (permission, "an editorial"))
    return (
        f"{who} cannot {what}: that needs the {role} role. "
        "Ask an administrator to add you to its group."
    )


def require(user, permission, obj=None):
    """Raise ``NotPermitted`` (or ``SelfReviewRefused``) unless ``can(user, permission, obj)``."""
    if can(user, permission, obj):
        return
    self_review = permission == REVIEW and obj is not None and reviewer_profile(user) is not None
    raise (SelfReviewRefused if self_review else NotPermitted)(refusal(user, permission, obj))


def _name(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return "An anonymous visitor"
    return user.get_full_name() or user.get_username()
