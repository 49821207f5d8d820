"""Publishers manage the topics articles are filed under and the medical reviewers' public profiles."""

from django.core.exceptions import ValidationError
from django.db import transaction

from articles import policy
from articles.errors import InvalidInput, NotPermitted


def save_topic(topic, *, by, **fields):
    """
    Create or change a topic as ``by``. Topics decide which disclaimers an
    article carries, so only publishers manage them.
    """
    policy.require(by, policy.MANAGE_TOPICS if topic.pk else policy.ADD_TOPIC)
    return save_validated(topic, fields)


def save_reviewer_profile(profile, *, by, **fields):
    """
    Create or change a medical reviewer's public profile (name and
    credentials shown in bylines) as ``by``. Nobody edits their own profile.
    """
    policy.require(by, policy.MANAGE_REVIEWERS if profile.pk else policy.ADD_REVIEWER)
    owner_id = fields["user"].pk if "user" in fields else profile.user_id
    if owner_id == by.pk:
        raise NotPermitted(
            "Nobody may create or change their own reviewer profile: the credentials readers "
            "see must be entered by someone else."
        )
    return save_validated(profile, fields)


def save_validated(obj, fields):
    """Apply ``fields`` (many-to-many ones as lists), validate, and save in one transaction."""
    relations = {
        name: fields.pop(name) for name in list(fields) if obj._meta.get_field(name).many_to_many
    }
    for name, value in fields.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as invalid:
        raise InvalidInput(
            " ".join(f"{field}: {' '.join(messages)}" for field, messages in invalid.message_dict.items())
        ) from invalid
    with transaction.atomic():
        obj.save()
        for name, rows in relations.items():
            getattr(obj, name).set(rows)
    return obj
