"""The partner-library tables take the name of their new app (see ``libraries.0001``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_inline_translation_keys"),
    ]

    operations = [
        migrations.AlterModelTable("partnerlibraryindexpage", "libraries_partnerlibraryindexpage"),
        migrations.AlterModelTable("partnerlibrarypage", "libraries_partnerlibrarypage"),
        migrations.AlterModelTable("librarycontact", "libraries_librarycontact"),
    ]
