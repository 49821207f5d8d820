"""Reads. Public code obtains articles only through ``Article.objects.published()``."""

from django.db import models
from django.db.models import Exists, OuterRef

from .guards import require_workflow_transition


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers can see, with the live snapshot joined in."""
        return self.filter(live_revision__isnull=False).select_related(
            "live_revision",
            "live_revision__decision",
            "live_revision__decision__decided_by__reviewer_profile",
            "live_revision__hero_image",
        )

    def with_revision_in_review(self):
        from .revisions import ArticleRevision

        return self.filter(
            Exists(ArticleRevision.objects.in_review().filter(article=OuterRef("pk")))
        )

    def needing_rereview(self):
        """
        Live articles whose approved page lacks the current text of a
        disclaimer it carries, or a disclaimer that now applies to it. Listed
        for publishers; see ``articles.disclaimers.needing_rereview``.
        """
        from ..disclaimers import needing_rereview

        return needing_rereview(self)

    def update(self, **kwargs):
        from .content import WORKFLOW_FIELDS

        if WORKFLOW_FIELDS.intersection(kwargs):
            require_workflow_transition("What readers see (live revision, schedule)")
        return super().update(**kwargs)

    update.queryset_only = True


class ArticleRevisionQuerySet(models.QuerySet):
    def in_review(self):
        """Submitted revisions nobody has decided on yet."""
        return self.filter(decision__isnull=True)

    def approved(self):
        from .review import ReviewDecision

        return self.filter(decision__outcome=ReviewDecision.Outcome.APPROVED)

    def review_queue(self):
        """What medical reviewers should look at, oldest first."""
        return (
            self.in_review()
            .select_related("article", "created_by")
            .order_by("created_at", "pk")
        )

    def update(self, **kwargs):
        raise TypeError("Article revisions are immutable; submit a new revision instead.")

    update.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        require_workflow_transition("Article revisions")
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyQuerySet(models.QuerySet):
    """For records that are written once and never changed or removed."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only.")

    update.queryset_only = True

    def delete(self):
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only.")

    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        require_workflow_transition(self.model._meta.verbose_name_plural.capitalize())
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only.")
