from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Editorial"

    def ready(self):
        from articles.db import checks  # noqa: F401 - registers the guard checks
        from articles.db import triggers as db_guards

        # Schema upkeep, like contenttypes and auth do after migrate: SQLite
        # loses triggers when a migration rebuilds a table, so reinstall them.
        post_migrate.connect(db_guards.install_after_migrate, sender=self)
        pre_migrate.connect(db_guards.uninstall_sqlite_before_migrate, sender=self)
