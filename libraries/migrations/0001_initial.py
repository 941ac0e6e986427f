"""Partner libraries move out of ``home`` into their own app, keeping their rows.

``home.0005`` renamed the tables; this migration only takes the models into
this app's state and moves their content types (so existing pages, revisions,
permissions and references keep pointing at them).
"""

import django.db.models.deletion
import modelcluster.fields
import uuid
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


MODELS = ["partnerlibraryindexpage", "partnerlibrarypage", "librarycontact"]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor) -> None:
    _relabel(apps, "home", "libraries")


def move_content_types_back(apps, schema_editor) -> None:
    _relabel(apps, "libraries", "home")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('home', '0005_partner_library_tables_move_to_libraries'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='PartnerLibraryIndexPage',
                fields=[
                    ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                    ('source_language', models.CharField(choices=[('en', 'English'), ('da', 'Danish'), ('de', 'German'), ('fr', 'French')], default='en', help_text='The language this page was written in. Other languages fall back to it.', max_length=8, verbose_name='source language')),
                    ('allow_external_translation', models.BooleanField(default=False, help_text='Private pages are only translated on this server; tick to allow sending them to an external provider too.', verbose_name='allow external machine translation while private')),
                    ('introduction', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                    ('introduction_en', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='introduction')),
                    ('introduction_da', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='introduction')),
                    ('introduction_de', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='introduction')),
                    ('introduction_fr', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='introduction')),
                ],
                options={
                    'verbose_name': 'partner library index',
                },
                bases=('wagtailcore.page',),
            ),
            migrations.CreateModel(
                name='PartnerLibraryPage',
                fields=[
                    ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                    ('source_language', models.CharField(choices=[('en', 'English'), ('da', 'Danish'), ('de', 'German'), ('fr', 'French')], default='en', help_text='The language this page was written in. Other languages fall back to it.', max_length=8, verbose_name='source language')),
                    ('allow_external_translation', models.BooleanField(default=False, help_text='Private pages are only translated on this server; tick to allow sending them to an external provider too.', verbose_name='allow external machine translation while private')),
                    ('city', models.CharField(max_length=100, verbose_name='city')),
                    ('country', models.CharField(choices=[('DK', 'Denmark'), ('DE', 'Germany'), ('FR', 'France')], max_length=2, verbose_name='country')),
                    ('main_language', models.CharField(choices=[('en', 'English'), ('da', 'Danish'), ('de', 'German'), ('fr', 'French')], help_text="The language the library's staff work in.", max_length=8, verbose_name='main language')),
                    ('website', models.URLField(blank=True, verbose_name='website')),
                    ('profile', wagtail.fields.RichTextField(blank=True, verbose_name='short profile')),
                    ('profile_en', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='short profile')),
                    ('profile_da', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='short profile')),
                    ('profile_de', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='short profile')),
                    ('profile_fr', wagtail.fields.RichTextField(blank=True, null=True, verbose_name='short profile')),
                    ('editor_group', models.ForeignKey(blank=True, help_text="Members of this group edit this library's pages, and only those.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='auth.group', verbose_name='editor group')),
                    ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo or image')),
                ],
                options={
                    'verbose_name': 'partner library',
                    'verbose_name_plural': 'partner libraries',
                },
                bases=('wagtailcore.page',),
            ),
            migrations.CreateModel(
                name='LibraryContact',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                    ('inline_key', models.UUIDField(default=uuid.uuid4, editable=False, verbose_name='translation key')),
                    ('name', models.CharField(max_length=150, verbose_name='name')),
                    ('role', models.CharField(blank=True, max_length=200, verbose_name='role')),
                    ('role_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='role')),
                    ('role_da', models.CharField(blank=True, max_length=200, null=True, verbose_name='role')),
                    ('role_de', models.CharField(blank=True, max_length=200, null=True, verbose_name='role')),
                    ('role_fr', models.CharField(blank=True, max_length=200, null=True, verbose_name='role')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                    ('phone', models.CharField(blank=True, max_length=50, verbose_name='phone')),
                    ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='libraries.partnerlibrarypage')),
                ],
                options={
                    'ordering': ['sort_order'],
                    'abstract': False,
                },
            ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
