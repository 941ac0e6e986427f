"""Data migration for ``TranslatableOrderable.inline_key``, shared by home and meetings.

Existing rows each get their own UUID (a column default would give every row
the same one), the page revisions that hold those rows get the same UUID for
the same object, and translation statuses keyed ``relation.<id>.field`` move
to ``relation.<uuid>.field``. Only historical models (``apps.get_model``) are
used, so later changes to the live models cannot break the migration.
"""

from __future__ import annotations

import uuid


def assign_inline_keys(apps, app_label: str, page_model: str, relations: dict[str, str]) -> None:
    """Give every inline object of ``page_model`` a key; ``relations`` maps accessor → model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    TranslationStatus = apps.get_model("translation", "TranslationStatus")
    keys: dict[tuple[str, int], uuid.UUID] = {}
    for relation, model_name in relations.items():
        model = apps.get_model(app_label, model_name)
        for row in model.objects.filter(inline_key__isnull=True).only("pk"):
            row.inline_key = keys[relation, row.pk] = uuid.uuid4()
            row.save(update_fields=["inline_key"])
    content_type = ContentType.objects.filter(app_label=app_label, model=page_model.lower()).first()
    if content_type is not None:
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            for relation in relations:
                for child in revision.content.get(relation, []):
                    child_key = (relation, child.get("pk"))
                    if child_key[1] is None:  # an item of an unpublished draft
                        child["inline_key"] = str(uuid.uuid4())
                        continue
                    if child_key not in keys:  # an object deleted since this revision
                        keys[child_key] = uuid.uuid4()
                    child["inline_key"] = str(keys[child_key])
            revision.save(update_fields=["content"])
    for status in TranslationStatus.objects.filter(field__contains="."):
        relation, _dot, rest = status.field.partition(".")
        object_id, _dot, field_name = rest.partition(".")
        if relation in relations and object_id.isdigit() and (relation, int(object_id)) in keys:
            status.field = f"{relation}.{keys[relation, int(object_id)]}.{field_name}"
            status.save(update_fields=["field"])
