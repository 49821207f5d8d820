"""
Who may do what. The workflow, the admin and the views all ask here.

Roles are group memberships (see ``articles.roles``). Superusers get no
exemption: ``is_superuser`` is never consulted.
"""

from articles import roles


def _group_names(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_vetted_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._vetted_group_names = cached
    return cached


def forget_cached_roles(user):
    """Drop the per-request cache after group membership changes."""
    user.__dict__.pop("_vetted_group_names", None)


def is_writer(user):
    return roles.WRITERS in _group_names(user)


def is_publisher(user):
    return roles.PUBLISHERS in _group_names(user)


def active_reviewer_profile(user):
    """The user's reviewer profile if they may review now, else None."""
    if roles.MEDICAL_REVIEWERS not in _group_names(user):
        return None
    from articles.models import ReviewerProfile

    return ReviewerProfile.objects.filter(user=user, active=True).first()


def is_medical_reviewer(user):
    """Member of "Medical reviewers" with an active reviewer profile."""
    return active_reviewer_profile(user) is not None


def can_edit(user, article=None):
    """Writers edit working copies; editing never changes what readers see."""
    return is_writer(user)


def can_submit(user, article=None):
    return is_writer(user)


def can_review(user, revision=None):
    """
    Active medical reviewers may review, but never a revision they wrote:
    neither its submitter nor one of the article's authors at submission.
    """
    if not is_medical_reviewer(user):
        return False
    return revision is None or user.pk not in revision.author_ids


def can_publish(user, article=None):
    return is_publisher(user)


def can_withdraw(user, revision=None):
    return is_writer(user)


def can_manage_disclaimers(user):
    """Publishers create and change disclaimers; writers cannot weaken the notices their articles carry."""
    return is_publisher(user)


def can_import(user):
    """Importing drafts creates and refreshes working copies, so it is a writer's job."""
    return is_writer(user)


def can_preview(user, revision=None):
    """Anyone on the editorial team may see any revision as readers would."""
    return is_writer(user) or is_medical_reviewer(user) or is_publisher(user)
