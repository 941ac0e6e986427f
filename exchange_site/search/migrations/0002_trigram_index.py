"""On PostgreSQL: the pg_trgm extension and a trigram index on the indexed words.

They serve "Did you mean" (``exchange_site.search.suggestions``). pg_trgm is a
trusted extension (PostgreSQL 13+), so a database owner may create it. SQLite
needs neither.
"""

from django.db import migrations

INDEX = "indexed_word_trigram"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("sitesearch", "IndexedWord")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (folded gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
