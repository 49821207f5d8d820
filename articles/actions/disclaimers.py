"""Publishers create and change the safety disclaimers articles carry."""

from django.db import transaction

from articles import policy
from articles.actions.catalogue import save_validated
from articles.domain import purging
from articles.errors import InvalidInput

#: Fields a publisher may set on a disclaimer; ``key`` is fixed once created
#: (revisions name the disclaimer they froze by it) and ``version`` is derived.
EDITABLE_FIELDS = frozenset(
    {"title", "body", "placement", "severity", "active", "applies_to_all", "claim_categories", "topics"}
)


def save_disclaimer(disclaimer, *, by, **fields):
    """
    Create or change ``disclaimer`` as ``by``, applying ``fields`` first
    (``topics`` a list of topics). Only publishers may: writers must not be
    able to weaken the notices their own articles carry. Changing the title,
    body, placement or severity makes a new version (``Disclaimer.save``);
    live pages keep the copy their reviewer approved and are listed by
    ``articles.domain.disclaimers.needing_rereview``.
    """
    policy.require(by, policy.MANAGE_DISCLAIMERS if disclaimer.pk else policy.ADD_DISCLAIMER)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(
            f"{', '.join(sorted(unknown))}: not a field publishers can change on a disclaimer. "
            f"They can change {', '.join(sorted(EDITABLE_FIELDS))}."
        )
    with transaction.atomic():
        purging.purge_disclaimer_on_commit(disclaimer)
        return save_validated(disclaimer, fields)
