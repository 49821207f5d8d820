"""Which disclaimers an article must carry."""

from .models import Disclaimer


def applicable_disclaimers(article, *, claim_categories=()):
    """
    The active disclaimers the rules require for ``article``, plus the extra
    ones its editors added. A disclaimer is required when it applies to every
    article, when the article is in one of its topics, or when the text has a
    flagged claim in one of its categories. Editors can add to this list but
    never remove from it. Ordered by placement, severity, key.
    """
    topic_ids = {topic.pk for topic in article.topics.all()}
    found = set(claim_categories)
    chosen = {}
    for disclaimer in Disclaimer.objects.active().prefetch_related("topics"):
        if (
            disclaimer.applies_to_all
            or topic_ids.intersection(topic.pk for topic in disclaimer.topics.all())
            or found.intersection(disclaimer.claim_categories or ())
        ):
            chosen[disclaimer.pk] = disclaimer
    if article.pk:
        for disclaimer in article.extra_disclaimers.filter(active=True):
            chosen[disclaimer.pk] = disclaimer
    return sorted(chosen.values(), key=_display_order)


_SEVERITY_ORDER = {
    Disclaimer.Severity.CRITICAL: 0,
    Disclaimer.Severity.WARNING: 1,
    Disclaimer.Severity.INFO: 2,
}
_PLACEMENT_ORDER = {Disclaimer.Placement.TOP: 0, Disclaimer.Placement.BOTTOM: 1}


def _display_order(disclaimer):
    return (
        _PLACEMENT_ORDER.get(disclaimer.placement, 9),
        _SEVERITY_ORDER.get(disclaimer.severity, 9),
        disclaimer.key,
    )
