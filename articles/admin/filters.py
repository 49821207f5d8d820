"""Changelist filters for the editorial admin. Each one is a queryset call."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q

from articles.domain.disclaimers import needing_rereview
from articles.models import RevisionState

ARTICLE_STATES = [
    (RevisionState.DRAFT, "Draft (never submitted)"),
    (RevisionState.IN_REVIEW, RevisionState.IN_REVIEW.label),
    (RevisionState.CHANGES_REQUESTED, RevisionState.CHANGES_REQUESTED.label),
    (RevisionState.WITHDRAWN, RevisionState.WITHDRAWN.label),
    (RevisionState.APPROVED, "Approved, not yet live"),
    (RevisionState.SCHEDULED, RevisionState.SCHEDULED.label),
    (RevisionState.LIVE, RevisionState.LIVE.label),
]


class EditorialStateFilter(admin.SimpleListFilter):
    """By ``editorial_state`` (annotated by ``ArticleQuerySet.with_editorial_state``)."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ARTICLE_STATES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(editorial_state=self.value())
        return queryset


class MineFilter(admin.SimpleListFilter):
    """"My articles": the ones the user wrote or created."""

    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "My articles")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(Q(authors=request.user) | Q(created_by=request.user)).distinct()
        return queryset


class DuplicateTitleFilter(admin.SimpleListFilter):
    """Articles whose title another article also has (``ArticleQuerySet.with_duplicate_title``)."""

    title = "duplicate title"
    parameter_name = "duplicate_title"

    def lookups(self, request, model_admin):
        return [("yes", "Same title as another article")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_duplicate_title().filter(has_duplicate_title=True)
        return queryset


class LiveFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Live"), ("no", "Not live")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(live_revision__isnull=False)
        if self.value() == "no":
            return queryset.filter(live_revision__isnull=True)
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    """
    Live articles that need a fresh review: approved longer ago than the
    review interval, or carrying disclaimers that changed since approval.
    """

    title = "review due"
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        return [("yes", "Review interval passed"), ("disclaimers", "Disclaimers changed since approval")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.review_due()
        if self.value() == "disclaimers":
            return needing_rereview(queryset)
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        users = (
            get_user_model()
            .objects.filter(authored_articles__isnull=False)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        return [(str(user.pk), user.get_full_name() or user.get_username()) for user in users]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(authors__pk=self.value()).distinct()
        return queryset


class RevisionStateFilter(admin.SimpleListFilter):
    """Revisions by decision: in review, approved, changes requested, withdrawn."""

    title = "decision"
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [
            ("in_review", "In review"),
            ("approved", "Approved"),
            ("changes_requested", "Changes requested"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "in_review":
            return queryset.in_review()
        if self.value():
            return queryset.filter(decision__outcome=self.value())
        return queryset
