"""Publishers manage the topics articles are filed under and the medical reviewers' public profiles."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import policy
from articles.errors import InvalidInput, NotPermitted
from articles.models import CREDENTIAL_FIELDS, CredentialChange, ReviewerProfile
from articles.models.guards import workflow_transition

#: How long a verification holds unless the verifier gives a date (re-verified every two years).
VERIFICATION_PERIOD = datetime.timedelta(days=730)


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

    A new profile records its creator and starts unverified. A change to any
    vouched-for field (``CREDENTIAL_FIELDS``) clears the verification, so the
    reviewer cannot review until someone verifies the new values. Creation
    and every such change are written to the credential log.
    """
    policy.require(by, policy.MANAGE_REVIEWERS if profile.pk else policy.ADD_REVIEWER)
    owner_id = fields["user"].pk if "user" in fields else profile.user_id
    if owner_id == by.pk:
        raise NotPermitted(
            "Nobody may create or change their own reviewer profile: the credentials readers "
            "see must be entered by someone else."
        )
    refused = {"verified_by", "verified_at", "credentials_expire_on", "created_by"} & set(fields)
    if refused:
        raise NotPermitted(
            f"{', '.join(sorted(refused))} can only be set by verifying the credentials "
            "(verify_credentials), never by editing the profile."
        )
    with transaction.atomic():
        stored = (
            ReviewerProfile.objects.select_for_update().get(pk=profile.pk) if profile.pk else None
        )
        if stored is None:
            profile.created_by = by
            profile.verified_by = profile.verified_at = profile.credentials_expire_on = None
        else:
            # Verification is only ever written by verify_credentials; an edit keeps or clears it.
            profile.created_by_id = stored.created_by_id
            for name in ("verified_by_id", "verified_at", "credentials_expire_on"):
                setattr(profile, name, getattr(stored, name))
        for name, value in fields.items():
            if name in CREDENTIAL_FIELDS:
                setattr(profile, name, value)
        old = stored.credential_values() if stored else {}
        new = profile.credential_values()
        changed = {name for name in CREDENTIAL_FIELDS if old.get(name) != new[name]} if stored else set()
        if changed:
            profile.verified_by = profile.verified_at = profile.credentials_expire_on = None
        save_validated(profile, fields)
        if stored is None or changed:
            _log_credentials(
                profile,
                CredentialChange.Action.CREATED if stored is None else CredentialChange.Action.CHANGED,
                by=by,
                old={name: old[name] for name in sorted(changed)},
                new={name: new[name] for name in sorted(changed or CREDENTIAL_FIELDS)},
            )
    return profile


def verify_credentials(profile, *, by, expires_on=None):
    """
    Record that ``by`` checked the profile's credentials against the issuing
    body's register, valid until ``expires_on`` (two years by default). Needs
    the verify reviewer credentials permission, and two different people:
    nobody verifies their own profile or one they created.
    """
    policy.require(by, policy.VERIFY_CREDENTIALS)
    with transaction.atomic():
        locked = ReviewerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        if locked.user_id == by.pk:
            raise NotPermitted("Nobody may verify their own credentials: another verifier must.")
        if locked.created_by_id is not None and locked.created_by_id == by.pk:
            raise NotPermitted(
                f"You created the profile of {locked.name}, so someone else must verify its "
                "credentials: creating and verifying a reviewer take two different people."
            )
        if not (locked.credential_type and locked.licence_number and locked.issuing_body):
            raise InvalidInput(
                f"{locked.name}'s profile needs a credential type, a licence or registration "
                "number and the issuing body before it can be verified."
            )
        now = timezone.now()
        expires_on = expires_on or (now + VERIFICATION_PERIOD).date()
        if expires_on <= now.date():
            raise InvalidInput("The verification must expire after today.")
        old = _verification(locked)
        locked.verified_by = by
        locked.verified_at = now
        locked.credentials_expire_on = expires_on
        locked.save(update_fields=["verified_by", "verified_at", "credentials_expire_on"])
        _log_credentials(
            locked, CredentialChange.Action.VERIFIED, by=by, old=old,
            new={**_verification(locked), **locked.credential_values()},
        )
    for name in ("verified_by", "verified_at", "credentials_expire_on"):
        setattr(profile, name, getattr(locked, name))
    return profile


def _verification(profile):
    return {
        "verified_by": profile.verified_by_id,
        "verified_at": profile.verified_at.isoformat() if profile.verified_at else None,
        "credentials_expire_on": profile.credentials_expire_on.isoformat()
        if profile.credentials_expire_on else None,
    }


def _log_credentials(profile, action, *, by, old, new):
    with workflow_transition():
        CredentialChange.objects.create(profile=profile, action=action, changed_by=by, old_values=old, new_values=new)


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
