from articles.admin import model_admins  # noqa: F401  (registers the ModelAdmins with the admin site)
from articles.admin import purges  # noqa: F401  (failed cache purges, for publishers)
