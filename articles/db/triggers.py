"""
Database triggers that keep the review invariants true whatever code runs:
the ORM, a queryset ``update()``, ``bulk_create()``, raw SQL from the app, or
a future bug in the workflow module.

1. A revision row never changes (UPDATE refused); its topic index neither.
2. A review decision is written once (UPDATE refused). Approving or
   requesting changes is refused unless the decider is an active medical
   reviewer (the review permission and an active, verified, unexpired
   profile) who is not one of
   the revision's authors (submitter, listed authors, editors of its text),
   and the decision carries the revision's content fingerprint.
   A reviewer's sign-off (``ReviewApproval``) is held to the same rules,
   once per reviewer, only while the revision is in review with every flag
   resolved, with the reviewer's credentials and specialty as their profile
   states them; and an approval decision needs the decider's own sign-off
   and sign-offs on the revision's fingerprint from as many different
   reviewers as the policy frozen into the revision asks for, one of them
   in each specialty group it names.
3. The workflow log is append-only (UPDATE and DELETE refused).
4. Claim flags, their resolutions and the disclaimer index of a revision
   are append-only (UPDATE and DELETE refused). Flags are
   only added to, and claims only resolved on, a revision nobody has decided
   on; a resolution needs an active medical reviewer who is not the
   revision's author, and a reference for efficacy and mechanism claims.
   Approval is refused while any flag of the revision is unresolved (a flag
   carrying an earlier acceptance of the identical claim counts as accepted
   until a reviewer reopens it), and any decision is refused on a revision
   with no "submitted" or "recertified" log entry (one that skipped
   ``submit_for_review``/``recertify`` and its claim scan). A carried
   acceptance must come from the identical claim (words, sentence, category)
   in an earlier revision of the same article, never from the new
   revision's submitter; only a carried acceptance can be reopened, and only
   while the revision is in review.
5. A disclaimer's key never changes, and changing its frozen text (title,
   body, placement, severity) needs a higher version, so live pages that
   froze the old text can be found.
6. ``article.live_revision`` may only point at an approved revision of the
   same article, and only right after a "published" log entry for it;
   clearing it needs an "unpublished" entry. ``scheduled_revision`` likewise
   needs an approved revision and a "scheduled" entry.
7. Every chained table (``articles.models.ledger.ChainedModel``: revisions,
   their topics, and every ``AppendOnlyModel`` such as review notes) refuses
   UPDATE and DELETE, on PostgreSQL TRUNCATE too; a model added later gets
   the same guards without being listed here. Revisions are never deleted, so
   a live revision cannot be replaced by DELETE + INSERT under the same id.
8. The ledger itself: entries are never changed or removed, each new entry
   must follow the one before it (its ``prev_hash``), and the head may only
   move forward onto an existing entry.

They are (re)installed after every ``migrate`` by a ``post_migrate`` handler
(see ``ArticlesConfig.ready``) rather than by a migration, because SQLite
drops a table's triggers whenever Django rebuilds the table to alter it.

What a trigger cannot stop: a database user who may drop or disable
triggers, or raw SQL that forges a log entry and a pointer together. The
first is reported by the ``vetted.E001`` system check (``guard_problems``
compares each trigger with its expected definition); the second leaves rows
outside the ledger, which ``manage.py verify_integrity`` reports and public
pages refuse to serve (``articles.domain.integrity``).

The test runner's flush (DELETE FROM on SQLite, TRUNCATE on PostgreSQL)
would be refused too, so the tests lift the guards around it
(``guards_lifted``); nothing else does.
"""

import hashlib
import re
from contextlib import contextmanager

from articles.models.claims import REFERENCE_REQUIRED_CATEGORIES
from articles.models.ledger import GENESIS
from articles.policy import REVIEW

REVIEW_APP, REVIEW_CODENAME = REVIEW.split(".")


def _is_author(user, revision_id):
    """
    ``user`` is one of the revision's authors: its submitter, an author listed
    in it, or an editor of its text (``ArticleRevision.author_ids``). A
    condition per dialect, since the lists are JSON.
    """
    submitter = f"{user} = (SELECT r.created_by_id FROM articles_articlerevision r WHERE r.id = {revision_id})"
    return {
        "sqlite": f"""({submitter} OR EXISTS (
            SELECT 1 FROM articles_articlerevision r, json_each(r.editor_ids) e
            WHERE r.id = {revision_id} AND e.value = {user})
          OR EXISTS (
            SELECT 1 FROM articles_articlerevision r, json_each(r.authors) a
            WHERE r.id = {revision_id} AND json_extract(a.value, '$.id') = {user}))""",
        "postgresql": f"""({submitter} OR EXISTS (
            SELECT 1 FROM articles_articlerevision r, jsonb_array_elements_text(r.editor_ids) e
            WHERE r.id = {revision_id} AND e::bigint = {user})
          OR EXISTS (
            SELECT 1 FROM articles_articlerevision r, jsonb_array_elements(r.authors) a
            WHERE r.id = {revision_id} AND (a->>'id')::bigint = {user}))""",
    }


def _may_review(user):
    """
    ``user`` holds the review permission (through a group or directly) and an
    active reviewer profile whose credentials were verified and have not
    expired (``CURRENT_DATE`` is UTC: Django's connections use UTC).
    """
    return f"""(
        EXISTS (SELECT 1 FROM articles_reviewerprofile p
                WHERE p.user_id = {user} AND p.active AND p.verified_at IS NOT NULL
                  AND (p.credentials_expire_on IS NULL OR p.credentials_expire_on >= CURRENT_DATE))
        AND EXISTS (
            SELECT 1 FROM auth_permission perm
            JOIN django_content_type ct ON ct.id = perm.content_type_id
            WHERE ct.app_label = '{REVIEW_APP}' AND perm.codename = '{REVIEW_CODENAME}' AND (
                perm.id IN (SELECT gp.permission_id FROM auth_group_permissions gp
                            JOIN auth_user_groups ug ON ug.group_id = gp.group_id
                            WHERE ug.user_id = {user})
                OR perm.id IN (SELECT up.permission_id FROM auth_user_user_permissions up
                               WHERE up.user_id = {user}))))"""


# Conditions; "NEW" is the row being written. A dict holds one per dialect.
DECISION_BY_AUTHOR = {
    vendor: f"NEW.outcome IN ('approved', 'changes_requested') AND {condition}"
    for vendor, condition in _is_author("NEW.decided_by_id", "NEW.revision_id").items()
}
DECISION_HASH_MISMATCH = """
    NEW.content_hash <> (
        SELECT r.content_hash FROM articles_articlerevision r WHERE r.id = NEW.revision_id)
"""
DECISION_BY_NON_REVIEWER = f"""
    NEW.outcome IN ('approved', 'changes_requested') AND NOT {_may_review("NEW.decided_by_id")}
"""


def _not_approved(column):
    """``NEW.<column>`` points somewhere other than an approved revision of this article."""
    return f"""
    NEW.{column} IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM articles_reviewdecision d
        JOIN articles_articlerevision r ON r.id = d.revision_id
        WHERE d.revision_id = NEW.{column} AND d.outcome = 'approved'
          AND r.article_id = NEW.id)
"""


def _not_just_logged(column, action):
    """The article's latest log entry is not ``action`` on the revision ``NEW.<column>`` names."""
    return f"""
    NEW.{column} IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM articles_workflowevent e
        WHERE e.id = (SELECT MAX(e2.id) FROM articles_workflowevent e2 WHERE e2.article_id = NEW.id)
          AND e.action = '{action}' AND e.revision_id = NEW.{column})
"""


LIVE_NOT_APPROVED = _not_approved("live_revision_id")
LIVE_NOT_LOGGED = _not_just_logged("live_revision_id", "published")
UNPUBLISH_NOT_LOGGED = """
    NEW.live_revision_id IS NULL AND OLD.live_revision_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM articles_workflowevent e
        WHERE e.id = (SELECT MAX(e2.id) FROM articles_workflowevent e2 WHERE e2.article_id = NEW.id)
          AND e.action = 'unpublished')
"""
SCHEDULED_NOT_APPROVED = _not_approved("scheduled_revision_id")
SCHEDULED_NOT_LOGGED = _not_just_logged("scheduled_revision_id", "scheduled")

DECISION_NOT_SUBMITTED = """
    NOT EXISTS (SELECT 1 FROM articles_workflowevent e
                WHERE e.revision_id = NEW.revision_id
                  AND e.action IN ('submitted', 'recertified', 'recertification_started'))
"""
UNRESOLVED_CLAIMS = """
    EXISTS (
        SELECT 1 FROM articles_claimflag f
        WHERE f.revision_id = NEW.revision_id
          AND NOT EXISTS (SELECT 1 FROM articles_claimresolution cr WHERE cr.flag_id = f.id)
          AND (f.carried_from_id IS NULL
               OR EXISTS (SELECT 1 FROM articles_claimreopening ro WHERE ro.flag_id = f.id)))
"""
DECISION_UNRESOLVED_CLAIMS = f"NEW.outcome = 'approved' AND {UNRESOLVED_CLAIMS}"
DECISION_WITHOUT_SIGN_OFF = """
    NEW.outcome = 'approved' AND NOT EXISTS (
        SELECT 1 FROM articles_reviewapproval a
        WHERE a.revision_id = NEW.revision_id AND a.reviewer_id = NEW.decided_by_id
          AND a.content_hash = NEW.content_hash)
"""
DECISION_TOO_FEW_APPROVALS = """
    NEW.outcome = 'approved' AND (
        SELECT COUNT(DISTINCT a.reviewer_id) FROM articles_reviewapproval a
        WHERE a.revision_id = NEW.revision_id AND a.content_hash = NEW.content_hash
    ) < (SELECT r.required_approvals FROM articles_articlerevision r WHERE r.id = NEW.revision_id)
"""
#: Some specialty group of the revision's policy that no sign-off's specialty matches.
DECISION_SPECIALTY_MISSING = {
    "sqlite": """
    NEW.outcome = 'approved' AND EXISTS (
        SELECT 1 FROM articles_articlerevision r, json_each(r.required_specialties) g
        WHERE r.id = NEW.revision_id AND NOT EXISTS (
            SELECT 1 FROM json_each(g.value) t, articles_reviewapproval a
            WHERE a.revision_id = NEW.revision_id AND a.content_hash = NEW.content_hash
              AND instr(lower(a.reviewer_specialty), lower(t.value)) > 0))
""",
    "postgresql": """
    NEW.outcome = 'approved' AND EXISTS (
        SELECT 1 FROM articles_articlerevision r, jsonb_array_elements(r.required_specialties) g
        WHERE r.id = NEW.revision_id AND NOT EXISTS (
            SELECT 1 FROM jsonb_array_elements_text(g.value) t, articles_reviewapproval a
            WHERE a.revision_id = NEW.revision_id AND a.content_hash = NEW.content_hash
              AND position(lower(t.value) in lower(a.reviewer_specialty)) > 0))
""",
}
APPROVAL_BY_AUTHOR = _is_author("NEW.reviewer_id", "NEW.revision_id")
APPROVAL_HASH_MISMATCH = DECISION_HASH_MISMATCH
APPROVAL_BY_NON_REVIEWER = f"NOT {_may_review('NEW.reviewer_id')}"
APPROVAL_ON_DECIDED_REVISION = """
    EXISTS (SELECT 1 FROM articles_reviewdecision d WHERE d.revision_id = NEW.revision_id)
"""
APPROVAL_IDENTITY_MISMATCH = """
    NOT EXISTS (SELECT 1 FROM articles_reviewerprofile p
                WHERE p.user_id = NEW.reviewer_id AND p.credentials = NEW.reviewer_credentials
                  AND p.specialty = NEW.reviewer_specialty)
"""
FLAG_CARRIED_FROM_ELSEWHERE = """
    NEW.carried_from_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM articles_claimresolution cr
        JOIN articles_claimflag prior ON prior.id = cr.flag_id
        JOIN articles_articlerevision prior_r ON prior_r.id = prior.revision_id
        JOIN articles_articlerevision new_r ON new_r.id = NEW.revision_id
        WHERE cr.id = NEW.carried_from_id
          AND prior_r.article_id = new_r.article_id AND prior_r.number < new_r.number
          AND prior.sentence = NEW.sentence AND prior.text = NEW.text AND prior.category = NEW.category)
"""
FLAG_CARRIED_FROM_AUTHOR = """
    NEW.carried_from_id IS NOT NULL AND (
        SELECT cr.resolved_by_id FROM articles_claimresolution cr WHERE cr.id = NEW.carried_from_id
    ) = (SELECT r.created_by_id FROM articles_articlerevision r WHERE r.id = NEW.revision_id)
"""
REOPENING_ON_DECIDED_REVISION = """
    EXISTS (SELECT 1 FROM articles_reviewdecision d
            JOIN articles_claimflag f ON f.revision_id = d.revision_id
            WHERE f.id = NEW.flag_id)
"""
REOPENING_NOT_CARRIED = """
    NOT EXISTS (SELECT 1 FROM articles_claimflag f WHERE f.id = NEW.flag_id AND f.carried_from_id IS NOT NULL)
"""
FLAG_ON_DECIDED_REVISION = """
    EXISTS (SELECT 1 FROM articles_reviewdecision d WHERE d.revision_id = NEW.revision_id)
"""
RESOLUTION_ON_DECIDED_REVISION = """
    EXISTS (SELECT 1 FROM articles_reviewdecision d
            JOIN articles_claimflag f ON f.revision_id = d.revision_id
            WHERE f.id = NEW.flag_id)
"""
RESOLUTION_BY_AUTHOR = _is_author(
    "NEW.resolved_by_id", "(SELECT f.revision_id FROM articles_claimflag f WHERE f.id = NEW.flag_id)"
)
RESOLUTION_BY_NON_REVIEWER = f"NOT {_may_review('NEW.resolved_by_id')}"
RESOLUTION_WITHOUT_REFERENCE = f"""
    NEW.reference_number IS NULL AND EXISTS (
        SELECT 1 FROM articles_claimflag f
        WHERE f.id = NEW.flag_id
          AND f.category IN ({", ".join(f"'{c}'" for c in sorted(REFERENCE_REQUIRED_CATEGORIES))}))
"""
DISCLAIMER_TEXT_UNVERSIONED = """
    (NEW.title <> OLD.title OR NEW.body <> OLD.body
     OR NEW.placement <> OLD.placement OR NEW.severity <> OLD.severity)
    AND NEW.version <= OLD.version
"""

LEDGER_ENTRY_OUT_OF_ORDER = f"""
    NOT ((NEW.seq = 1 AND NEW.prev_hash = '{GENESIS}') OR EXISTS (
        SELECT 1 FROM articles_ledgerentry p
        WHERE p.seq = NEW.seq - 1 AND p.entry_hash = NEW.prev_hash))
"""
LEDGER_HEAD_NOT_AT_ENTRY = f"""
    NOT ((NEW.seq = 0 AND NEW.entry_hash = '{GENESIS}') OR EXISTS (
        SELECT 1 FROM articles_ledgerentry e
        WHERE e.seq = NEW.seq AND e.entry_hash = NEW.entry_hash))
"""
LEDGER_HEAD_BEHIND = """
    NEW.seq < (SELECT COALESCE(MAX(e.seq), 0) FROM articles_ledgerentry e)
"""

MESSAGES = {
    "revision_immutable": "article revisions are immutable",
    "revision_topic_immutable": "the topics of a revision are immutable",
    "decision_immutable": "review decisions are append-only",
    "log_immutable": "the workflow log is append-only",
    "decision_by_author": "the author of a revision cannot review it",
    "decision_hash": "a review decision must carry the revision's content fingerprint",
    "decision_by_non_reviewer": "only active medical reviewers with verified, unexpired credentials can approve or request changes",
    "live_not_approved": "live_revision must be an approved revision of this article",
    "live_not_logged": "live_revision can only change through a logged publication",
    "unpublish_not_logged": "unpublishing must be logged",
    "scheduled_not_approved": "scheduled_revision must be an approved revision of this article",
    "scheduled_not_logged": "scheduling must be logged",
    "born_live": "a new article cannot be live",
    "decision_not_submitted": "only a revision submitted through the workflow (and so scanned for claims) can be reviewed",
    "decision_unresolved_claims": "a revision with unresolved claim flags cannot be approved",
    "decision_without_sign_off": "an approval decision needs the decider's own sign-off on the revision's fingerprint",
    "decision_too_few_approvals": "the revision's review policy needs approvals from more different reviewers",
    "decision_specialty_missing": "the revision's review policy needs an approval from a reviewer in a named specialty",
    "approval_on_decided_revision": "a revision can only be approved while it is in review",
    "approval_identity": "an approval must carry the reviewer's credentials and specialty as their profile states them",
    "flag_immutable": "claim flags are append-only",
    "flag_on_decided_revision": "claims can only be flagged on a revision in review",
    "flag_carried_from_elsewhere": "a carried acceptance must come from the identical claim in an earlier revision of the same article",
    "flag_carried_from_author": "an acceptance cannot be carried into a revision its resolver submitted",
    "reopening_immutable": "claim reopenings are append-only",
    "reopening_on_decided_revision": "claims can only be reopened while the revision is in review",
    "reopening_not_carried": "only a carried-forward acceptance can be reopened",
    "resolution_immutable": "claim resolutions are append-only",
    "resolution_on_decided_revision": "claims can only be resolved while the revision is in review",
    "resolution_by_author": "the author of a revision cannot resolve its claims",
    "resolution_by_non_reviewer": "only active medical reviewers with verified, unexpired credentials can resolve claims",
    "resolution_without_reference": "efficacy and mechanism claims can only be accepted with a reference",
    "revision_disclaimer_immutable": "the disclaimers of a revision are append-only",
    "disclaimer_key_changed": "a disclaimer's key cannot change",
    "disclaimer_unversioned": "changing a disclaimer's text needs a new version",
    "disclaimer_version_backwards": "a disclaimer's version cannot go down",
    "revision_never_deleted": "article revisions are never deleted",
    "append_only": "this table is append-only",
    "ledger_immutable": "the ledger is append-only",
    "ledger_out_of_order": "a ledger entry must follow the entry before it",
    "ledger_one_head": "the ledger has one head",
    "ledger_head_not_at_entry": "the ledger head must name an existing entry",
    "ledger_head_behind": "the ledger head cannot move back",
}

# (name, timing/event, table, [(condition, message key)], postgres_only)
TRIGGERS = [
    ("revision_no_update", "BEFORE UPDATE", "articles_articlerevision", [("1=1", "revision_immutable")], False),
    ("revision_no_delete", "BEFORE DELETE", "articles_articlerevision", [("1=1", "revision_never_deleted")], False),
    ("revision_topic_no_update", "BEFORE UPDATE", "articles_revisiontopic", [("1=1", "revision_topic_immutable")], False),
    ("revision_topic_no_delete", "BEFORE DELETE", "articles_revisiontopic", [("1=1", "revision_topic_immutable")], False),
    ("decision_no_update", "BEFORE UPDATE", "articles_reviewdecision", [("1=1", "decision_immutable")], False),
    ("decision_no_delete", "BEFORE DELETE", "articles_reviewdecision", [("1=1", "decision_immutable")], False),
    (
        "decision_insert_rules",
        "BEFORE INSERT",
        "articles_reviewdecision",
        [
            (DECISION_BY_AUTHOR, "decision_by_author"),
            (DECISION_HASH_MISMATCH, "decision_hash"),
            (DECISION_BY_NON_REVIEWER, "decision_by_non_reviewer"),
            (DECISION_NOT_SUBMITTED, "decision_not_submitted"),
            (DECISION_UNRESOLVED_CLAIMS, "decision_unresolved_claims"),
            (DECISION_WITHOUT_SIGN_OFF, "decision_without_sign_off"),
            (DECISION_TOO_FEW_APPROVALS, "decision_too_few_approvals"),
            (DECISION_SPECIALTY_MISSING, "decision_specialty_missing"),
        ],
        False,
    ),
    (
        "approval_insert_rules",
        "BEFORE INSERT",
        "articles_reviewapproval",
        [
            (APPROVAL_BY_AUTHOR, "decision_by_author"),
            (APPROVAL_HASH_MISMATCH, "decision_hash"),
            (APPROVAL_BY_NON_REVIEWER, "decision_by_non_reviewer"),
            (DECISION_NOT_SUBMITTED, "decision_not_submitted"),
            (APPROVAL_ON_DECIDED_REVISION, "approval_on_decided_revision"),
            (UNRESOLVED_CLAIMS, "decision_unresolved_claims"),
            (APPROVAL_IDENTITY_MISMATCH, "approval_identity"),
        ],
        False,
    ),
    ("log_no_update", "BEFORE UPDATE", "articles_workflowevent", [("1=1", "log_immutable")], False),
    ("flag_no_update", "BEFORE UPDATE", "articles_claimflag", [("1=1", "flag_immutable")], False),
    ("flag_no_delete", "BEFORE DELETE", "articles_claimflag", [("1=1", "flag_immutable")], False),
    (
        "flag_insert_rules",
        "BEFORE INSERT",
        "articles_claimflag",
        [
            (FLAG_ON_DECIDED_REVISION, "flag_on_decided_revision"),
            (FLAG_CARRIED_FROM_ELSEWHERE, "flag_carried_from_elsewhere"),
            (FLAG_CARRIED_FROM_AUTHOR, "flag_carried_from_author"),
        ],
        False,
    ),
    ("reopening_no_update", "BEFORE UPDATE", "articles_claimreopening", [("1=1", "reopening_immutable")], False),
    ("reopening_no_delete", "BEFORE DELETE", "articles_claimreopening", [("1=1", "reopening_immutable")], True),
    (
        "reopening_insert_rules",
        "BEFORE INSERT",
        "articles_claimreopening",
        [
            (REOPENING_ON_DECIDED_REVISION, "reopening_on_decided_revision"),
            (REOPENING_NOT_CARRIED, "reopening_not_carried"),
        ],
        False,
    ),
    ("resolution_no_update", "BEFORE UPDATE", "articles_claimresolution", [("1=1", "resolution_immutable")], False),
    ("resolution_no_delete", "BEFORE DELETE", "articles_claimresolution", [("1=1", "resolution_immutable")], False),
    (
        "resolution_insert_rules",
        "BEFORE INSERT",
        "articles_claimresolution",
        [
            (RESOLUTION_ON_DECIDED_REVISION, "resolution_on_decided_revision"),
            (RESOLUTION_BY_AUTHOR, "resolution_by_author"),
            (RESOLUTION_BY_NON_REVIEWER, "resolution_by_non_reviewer"),
            (RESOLUTION_WITHOUT_REFERENCE, "resolution_without_reference"),
        ],
        False,
    ),
    (
        "revision_disclaimer_no_update", "BEFORE UPDATE", "articles_revisiondisclaimer",
        [("1=1", "revision_disclaimer_immutable")], False,
    ),
    (
        "revision_disclaimer_no_delete", "BEFORE DELETE", "articles_revisiondisclaimer",
        [("1=1", "revision_disclaimer_immutable")], False,
    ),
    (
        "disclaimer_version_rules",
        "BEFORE UPDATE",
        "articles_disclaimer",
        [
            ('NEW."key" <> OLD."key"', "disclaimer_key_changed"),
            (DISCLAIMER_TEXT_UNVERSIONED, "disclaimer_unversioned"),
            ("NEW.version < OLD.version", "disclaimer_version_backwards"),
        ],
        False,
    ),
    ("log_no_delete", "BEFORE DELETE", "articles_workflowevent", [("1=1", "log_immutable")], False),
    (
        "article_insert_not_live",
        "BEFORE INSERT",
        "articles_article",
        [
            ("NEW.live_revision_id IS NOT NULL", "born_live"),
            ("NEW.scheduled_revision_id IS NOT NULL", "born_live"),
        ],
        False,
    ),
    (
        "article_live_revision_rules",
        "BEFORE UPDATE",
        "articles_article",
        [
            (LIVE_NOT_APPROVED, "live_not_approved"),
            (LIVE_NOT_LOGGED, "live_not_logged"),
            (UNPUBLISH_NOT_LOGGED, "unpublish_not_logged"),
        ],
        False,
    ),
    (
        "article_schedule_rules",
        "BEFORE UPDATE",
        "articles_article",
        [
            (SCHEDULED_NOT_APPROVED, "scheduled_not_approved"),
            (SCHEDULED_NOT_LOGGED, "scheduled_not_logged"),
        ],
        False,
    ),
]

TRIGGERS += [
    ("ledger_entry_no_update", "BEFORE UPDATE", "articles_ledgerentry", [("1=1", "ledger_immutable")], False),
    ("ledger_entry_no_delete", "BEFORE DELETE", "articles_ledgerentry", [("1=1", "ledger_immutable")], False),
    (
        "ledger_entry_insert_rules", "BEFORE INSERT", "articles_ledgerentry",
        [(LEDGER_ENTRY_OUT_OF_ORDER, "ledger_out_of_order")], False,
    ),
    ("ledger_head_no_delete", "BEFORE DELETE", "articles_ledgerhead", [("1=1", "ledger_immutable")], False),
    (
        "ledger_head_insert_rules", "BEFORE INSERT", "articles_ledgerhead",
        [
            ("EXISTS (SELECT 1 FROM articles_ledgerhead)", "ledger_one_head"),
            (LEDGER_HEAD_NOT_AT_ENTRY, "ledger_head_not_at_entry"),
            (LEDGER_HEAD_BEHIND, "ledger_head_behind"),
        ],
        False,
    ),
    (
        "ledger_head_update_rules", "BEFORE UPDATE", "articles_ledgerhead",
        [
            (LEDGER_HEAD_NOT_AT_ENTRY, "ledger_head_not_at_entry"),
            (LEDGER_HEAD_BEHIND, "ledger_head_behind"),
        ],
        False,
    ),
]

LEDGER_TABLES = ("articles_ledgerentry", "articles_ledgerhead")


def _chained_tables():
    from django.apps import apps

    from articles.models.ledger import ChainedModel

    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, ChainedModel) and not model._meta.proxy
    )


def guard_triggers():
    """
    Every guard: the rules above, UPDATE and DELETE guards for any chained
    table they do not cover (so a new append-only model is guarded without
    being listed), and TRUNCATE guards on PostgreSQL.
    """
    triggers = list(TRIGGERS)
    covered = {(timing, table) for _name, timing, table, _checks, _pg in TRIGGERS}
    for table in _chained_tables():
        short = table.removeprefix("articles_")
        for timing, suffix in (("BEFORE UPDATE", "no_update"), ("BEFORE DELETE", "no_delete")):
            if (timing, table) not in covered:
                triggers.append((f"{short}_{suffix}", timing, table, [("1=1", "append_only")], False))
    for table in (*_chained_tables(), *LEDGER_TABLES):
        short = table.removeprefix("articles_")
        triggers.append((f"{short}_no_truncate", "BEFORE TRUNCATE", table, [("TRUE", "append_only")], True))
    return triggers


# Only check the live/schedule rules when the pointer actually changes.
CHANGED_ONLY = {
    "article_live_revision_rules": (
        "NEW.live_revision_id IS NOT OLD.live_revision_id",
        "NEW.live_revision_id IS DISTINCT FROM OLD.live_revision_id",
    ),
    "article_schedule_rules": (
        "NEW.scheduled_revision_id IS NOT OLD.scheduled_revision_id",
        "NEW.scheduled_revision_id IS DISTINCT FROM OLD.scheduled_revision_id",
    ),
}


def _quoted(key):
    return MESSAGES[key].replace("'", "''")


def _for(vendor, condition):
    return condition[vendor] if isinstance(condition, dict) else condition


def _sqlite_statements(name, timing, table, checks):
    when = CHANGED_ONLY.get(name, ("1=1", None))[0]
    body = "\n".join(
        f"SELECT RAISE(ABORT, 'vetted: {_quoted(key)}') WHERE {_for('sqlite', condition)};"
        for condition, key in checks
    )
    return [
        f"DROP TRIGGER IF EXISTS vetted_{name}",
        f"CREATE TRIGGER vetted_{name} {timing} ON {table} FOR EACH ROW WHEN {when}\nBEGIN\n{body}\nEND",
    ]


def _postgres_statements(name, timing, table, checks):
    guard = CHANGED_ONLY.get(name, (None, "TRUE"))[1]
    returned = {"DELETE": "OLD", "TRUNCATE": "NULL"}.get(timing.split()[-1], "NEW")
    level = "STATEMENT" if timing.endswith("TRUNCATE") else "ROW"
    body = "\n".join(
        f"IF {_for('postgresql', condition)} THEN RAISE EXCEPTION 'vetted: {_quoted(key)}' "
        f"USING ERRCODE = 'check_violation'; END IF;"
        for condition, key in checks
    )
    return [
        f"""CREATE OR REPLACE FUNCTION vetted_{name}() RETURNS trigger AS $$
BEGIN
IF {guard} THEN
{body}
END IF;
RETURN {returned};
END $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS vetted_{name} ON {table}",
        f"CREATE TRIGGER vetted_{name} {timing} ON {table} FOR EACH {level} EXECUTE FUNCTION vetted_{name}()",
    ]


def _statements(connection):
    """
    name -> the statements that (re)create that guard on ``connection``, for
    the tables that exist (a migration back in time may have removed some).
    """
    vendor = connection.vendor
    tables = set(connection.introspection.table_names())
    statements = {}
    for name, timing, table, checks, postgres_only in guard_triggers():
        if table not in tables:
            continue
        if vendor == "postgresql":
            statements[f"vetted_{name}"] = _postgres_statements(name, timing, table, checks)
        elif vendor == "sqlite" and not postgres_only:
            statements[f"vetted_{name}"] = _sqlite_statements(name, timing, table, checks)
    return statements


def install(connection):
    """Create or replace every guard on ``connection``. Idempotent."""
    with connection.cursor() as cursor:
        for statements in _statements(connection).values():
            for statement in statements:
                cursor.execute(statement)


def installed_trigger_names(connection):
    """Names of the Vetted guards present in the database (for checks and tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'vetted_%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'vetted_%'")
        return {row[0] for row in cursor.fetchall()}


def expected_trigger_names(connection):
    return set(_statements(connection))


def _digest(*parts):
    normalised = "\n".join(re.sub(r"\s+", " ", part).strip() for part in parts)
    return hashlib.sha256(normalised.encode()).hexdigest()


def expected_definitions(connection):
    """Guard name -> digest of the definition ``install`` creates."""
    definitions = {}
    for name, statements in _statements(connection).items():
        if connection.vendor == "postgresql":
            function, _drop, create = statements
            body = function.split("$$")[1]
            trigger = re.sub(r"^CREATE TRIGGER ", "", create)
            definitions[name] = _digest(trigger, body, "enabled")
        else:
            definitions[name] = _digest(statements[1])
    return definitions


def installed_definitions(connection):
    """Guard name -> digest of what is in the database now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT t.tgname, pg_get_triggerdef(t.oid), p.prosrc, t.tgenabled
                FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE t.tgname LIKE 'vetted\\_%%' AND NOT t.tgisinternal
                """
            )
            definitions = {}
            for name, triggerdef, source, enabled in cursor.fetchall():
                # pg_get_triggerdef qualifies the table and function with their schema.
                trigger = re.sub(r"^CREATE TRIGGER ", "", triggerdef)
                trigger = re.sub(r" ON \S+\.", " ON ", trigger)
                trigger = re.sub(r"EXECUTE FUNCTION \S+\.", "EXECUTE FUNCTION ", trigger)
                definitions[name] = _digest(trigger, source, "enabled" if enabled == "O" else f"state {enabled}")
            return definitions
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'vetted\\_%' ESCAPE '\\'")
        return {name: _digest(sql) for name, sql in cursor.fetchall()}


def guard_problems(connection):
    """
    What is wrong with the guards on ``connection``: a list of (trigger name,
    problem) for each guard that is missing or whose definition differs from
    the one ``install`` creates (edited, or disabled on PostgreSQL).
    """
    expected = expected_definitions(connection)
    installed = installed_definitions(connection)
    problems = []
    for name, digest in sorted(expected.items()):
        if name not in installed:
            problems.append((name, "missing"))
        elif installed[name] != digest:
            problems.append((name, "altered (its definition is not the one Vetted installs)"))
    return problems


@contextmanager
def guards_lifted(connection):
    """
    Drop every guard for the duration of the block and put them back after:
    for the test runner's whole-database flush between transactional tests,
    and for tests that play a database user who can drop triggers.
    """
    with connection.cursor() as cursor:
        for name in installed_trigger_names(connection):
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                    [name],
                )
                for (table,) in cursor.fetchall():
                    cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        install(connection)


def install_after_migrate(sender, using, **kwargs):
    from django.db import connections

    install(connections[using])


def uninstall_sqlite_before_migrate(sender, using, **kwargs):
    """
    Drop the guards on SQLite before migrations run. Rebuilding a table (how
    SQLite alters one) renames it, and SQLite refuses to rename a table that
    another table's trigger names, so a migration that adds a column to
    revisions would fail on an existing database. ``install_after_migrate``
    puts them back at the end of the same ``migrate``.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in installed_trigger_names(connection):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
