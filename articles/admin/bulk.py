"""What a bulk action will do to each selected article, for its confirmation page."""

from articles.domain.status import article_status


def publish_plan(articles):
    """``[(article, what publishing it now will do)]``: read only; the action decides when it runs."""
    plan = []
    for article in articles:
        status = article_status(article)
        ready = status.publishable_revision
        if ready is None:
            outcome = "Nothing will happen: it has no approved revision waiting to be published."
        elif status.live_revision is not None:
            outcome = (
                f"Revision {ready.number} goes live, replacing revision {status.live_revision.number} on the site."
            )
        else:
            outcome = f"Revision {ready.number} goes live: the article appears on the site for the first time."
        plan.append((article, outcome))
    return plan
