from articles.admin import (
    model_admins,  # noqa: F401  (registers the ModelAdmins with the admin site)
    notifications,  # noqa: F401  (email preferences and the outbox)
    purges,  # noqa: F401  (failed cache purges, for publishers)
)
