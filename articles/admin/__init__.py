from articles.admin import (
    model_admins,  # noqa: F401  (registers the ModelAdmins with the admin site)
    purges,  # noqa: F401  (failed cache purges, for publishers)
)
