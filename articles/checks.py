"""System checks (``manage.py check``)."""

from django.core.checks import Warning, register


@register()
def claims_model_check(app_configs, **kwargs):
    """Say so when risky-claim scanning runs on the rules alone."""
    from articles.claims import combined

    reason = combined.stored_model_problem()
    if not reason:
        return []
    return [
        Warning(
            "Risky-claim scanning uses the rules only: the learned detector is not available "
            f"({reason}).",
            hint="Run `manage.py train_claims_model` (scripts/setup.sh does).",
            id="articles.W001",
        )
    ]
