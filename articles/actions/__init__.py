from articles.actions.importing import import_draft, import_drafts  # noqa: F401
