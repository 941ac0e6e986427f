"""``home`` forgets the partner-library models; their rows now belong to ``libraries``."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_partner_library_tables_move_to_libraries"),
        ("libraries", "0001_initial"),
        ("practices", "0004_alter_practicepage_library"),
        ("meetings", "0005_alter_exchangetrippage_host_library_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("LibraryContact"),
                migrations.DeleteModel("PartnerLibraryPage"),
                migrations.DeleteModel("PartnerLibraryIndexPage"),
            ],
        ),
    ]
