from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Editorial"

    def ready(self):
        from django.conf import settings

        import articles.checks  # noqa: F401 - registers the claims model check
        from articles.claims import combined
        from articles.db import checks  # noqa: F401 - registers the guard checks
        from articles.db import triggers as db_guards

        combined.configure(
            model_path=settings.CLAIMS_MODEL_PATH, reviewer_labels=settings.CLAIMS_REVIEWER_LABELS_PATH
        )

        # Schema upkeep, like contenttypes and auth do after migrate: SQLite
        # loses triggers when a migration rebuilds a table, so reinstall them.
        post_migrate.connect(db_guards.install_after_migrate, sender=self)
        pre_migrate.connect(db_guards.uninstall_sqlite_before_migrate, sender=self)
