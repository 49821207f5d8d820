import django.db.models.functions.text
from django.db import migrations, models

#: A frozen copy of 0001's weighted vector of revision ``r``.
REVISION_VECTOR = """
    setweight(to_tsvector('english', coalesce(r.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(r.summary, '') || E'\\n\\n' || coalesce(r.standfirst, '')
        || E'\\n\\n' || coalesce((SELECT string_agg(s.value->>'heading', E'\\n\\n')
                                  FROM jsonb_array_elements(r.sections) AS s), '')), 'B')
    || setweight(to_tsvector('english', coalesce((SELECT string_agg(s.value->>'body', E'\\n\\n')
                                                  FROM jsonb_array_elements(r.sections) AS s), '')
        || E'\\n\\n' || coalesce(r.conclusion, '')), 'C')
"""


def _index_function(on_new_revision):
    return f"""CREATE OR REPLACE FUNCTION articles_index_live_revision() RETURNS trigger AS $$
BEGIN
  IF NEW.live_revision_id IS NULL THEN
    DELETE FROM articles_searchentry WHERE article_id = NEW.id;
  ELSIF TG_OP = 'INSERT' OR NEW.live_revision_id IS DISTINCT FROM OLD.live_revision_id THEN
    {on_new_revision}
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql"""


#: Every publication of a new revision gives its entry a new, higher id, so search can take
#: "the most recently published matches" in id order from the entry table alone.
NEW_ENTRY_PER_PUBLICATION = _index_function(
    f"""DELETE FROM articles_searchentry WHERE article_id = NEW.id;
    INSERT INTO articles_searchentry (article_id, revision_id, vector)
    SELECT NEW.id, r.id, {REVISION_VECTOR} FROM articles_articlerevision r WHERE r.id = NEW.live_revision_id;"""
)
ENTRY_UPDATED_IN_PLACE = _index_function(
    f"""INSERT INTO articles_searchentry (article_id, revision_id, vector)
    SELECT NEW.id, r.id, {REVISION_VECTOR} FROM articles_articlerevision r WHERE r.id = NEW.live_revision_id
    ON CONFLICT (article_id) DO UPDATE SET revision_id = EXCLUDED.revision_id, vector = EXCLUDED.vector;"""
)


def renumber_on_publication(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEW_ENTRY_PER_PUBLICATION)


def update_in_place(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ENTRY_UPDATED_IN_PLACE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_review_assignment"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-last_published_at", "-id"],
                condition=models.Q(live_revision__isnull=False),
                name="live_newest_first_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(django.db.models.functions.text.Lower("title"), name="article_lower_title_idx"),
        ),
        migrations.RunPython(renumber_on_publication, update_in_place),
    ]
