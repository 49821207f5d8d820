"""
System checks for the database guards.

``manage.py check --database default`` (run by the deploy, see
docs/deploy.md) fails with ``vetted.E001`` for each guard trigger that is
missing, edited or disabled, and the worker calls
``assert_guards_installed()`` before it starts taking jobs. Database checks
only run when asked for a database, as Django's own do.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.checks import Error, Tags, Warning, register
from django.db import connections

from articles.db import triggers

_skipped = ContextVar("vetted_guard_check_skipped", default=False)


@contextmanager
def guard_check_skipped():
    """For ``migrate`` only: it reinstalls the guards, so it must not be refused for their absence."""
    token = _skipped.set(True)
    try:
        yield
    finally:
        _skipped.reset(token)


class GuardsMissing(RuntimeError):
    """A guard trigger is missing or altered; the message names each one."""


def _problems(alias):
    connection = connections[alias]
    if connection.vendor not in ("sqlite", "postgresql"):
        return []
    return triggers.guard_problems(connection)


@register(Tags.database)
def check_guard_triggers(app_configs=None, databases=None, **kwargs):
    errors = []
    if _skipped.get():
        return errors
    for alias in databases or ():
        for name, problem in _problems(alias):
            errors.append(
                Error(
                    f"Guard trigger {name} is {problem} on database '{alias}'.",
                    hint="Run `python manage.py migrate` to reinstall the guards, then "
                    "`python manage.py verify_integrity` to see whether anything was changed meanwhile.",
                    obj=name,
                    id="vetted.E001",
                )
            )
    return errors


@register(Tags.models)
def check_chained_managers(app_configs=None, **kwargs):
    """A chained model whose default manager is not chained would skip the ledger in ``bulk_create``."""
    from django.apps import apps

    from articles.models.ledger import ChainedModel, ChainedQuerySet

    errors = []
    for model in apps.get_models():
        if issubclass(model, ChainedModel) and not isinstance(model._default_manager.all(), ChainedQuerySet):
            errors.append(
                Error(
                    f"{model._meta.label}'s default manager does not build on ChainedQuerySet, "
                    "so rows it creates in bulk would not join the ledger.",
                    hint="Base its queryset on articles.models.ledger.ChainedQuerySet "
                    "(AppendOnlyQuerySet already is).",
                    obj=model,
                    id="vetted.E002",
                )
            )
    return errors


def assert_guards_installed(using="default"):
    """Raise ``GuardsMissing`` naming every missing or altered guard; for the worker's start."""
    problems = _problems(using)
    if problems:
        raise GuardsMissing(
            "Database guards are not as installed: "
            + "; ".join(f"{name} is {problem}" for name, problem in problems)
            + ". Run `python manage.py migrate`, then `python manage.py verify_integrity`."
        )


@register(Tags.security, deploy=True)
def check_ledger_key(app_configs=None, **kwargs):
    """The ledger's key should not change whenever SECRET_KEY is rotated."""
    from django.conf import settings

    if settings.VETTED_LEDGER_KEY:
        return []
    return [
        Warning(
            "VETTED_LEDGER_KEY is not set, so the ledger is sealed with a key derived from SECRET_KEY; "
            "rotating SECRET_KEY would make every existing entry fail verify_integrity.",
            hint="Set VETTED_LEDGER_KEY to a long random value kept outside the database "
            "(and list old keys in VETTED_LEDGER_PREVIOUS_KEYS after a rotation).",
            id="vetted.W001",
        )
    ]
