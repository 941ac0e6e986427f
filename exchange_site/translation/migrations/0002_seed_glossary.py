"""Seed the glossary with the partnership's own terms and names."""

from django.db import migrations

TERMS = [
    # (en, da, de, fr, protected, note)
    (
        "art lending library",
        "artotek",
        "Artothek",
        "artothèque",
        False,
        "A library that lends original art works.",
    ),
    (
        "reading mentors",
        "læsementorer",
        "Lesepaten",
        "parrains de lecture",
        False,
        "Volunteers who read with children.",
    ),
    (
        "SDGs",
        "verdensmål",
        "Nachhaltigkeitsziele",
        "objectifs de développement durable",
        False,
        "The UN Sustainable Development Goals (Verdensmål in Ballerup's strategy).",
    ),
    ("school library", "skolebibliotek", "Schulbibliothek", "bibliothèque scolaire", False, ""),
    ("Bibo 7/10", "", "", "", True, "Dresden's staff-less opening concept: a name."),
    ("Kinder.Bücher!", "", "", "", True, "Dresden's children's literature festival."),
    ("Ballerup Bibliotekerne", "", "", "", True, "Library name."),
    ("Städtische Bibliotheken Dresden", "", "", "", True, "Library name."),
    ("Médiathèques de Strasbourg", "", "", "", True, "Library name."),
]


def seed(apps, schema_editor):
    entry_model = apps.get_model("translation", "GlossaryEntry")
    for en, da, de, fr, protected, note in TERMS:
        entry_model.objects.get_or_create(
            term_en=en,
            defaults={
                "term_da": da,
                "term_de": de,
                "term_fr": fr,
                "protected": protected,
                "note": note,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("translation", "GlossaryEntry").objects.filter(
        term_en__in=[row[0] for row in TERMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
