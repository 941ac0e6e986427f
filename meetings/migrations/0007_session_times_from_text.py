"""Programme sessions had one free-text "time" ("09:30–11:00"); they now have a start and an
end time. Times that can be read move into the new fields; any other text is kept in front
of the session's title, so no editor's words are lost. Live data, drafts and revisions alike."""

import re
import uuid

from django.db import migrations

from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import BaseBlockOperation
from wagtail.fields import StreamField

CLOCK_TIME = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b")


def session_times_from_text(session):
    """One session's struct value, its free-text time moved into the time fields."""
    text = (session.pop("time", "") or "").strip()
    times = [f"{int(hour):02d}:{minute}:00" for hour, minute in CLOCK_TIME.findall(text)]
    if text and (not times or len(times) > 2 or CLOCK_TIME.sub("", text).strip(" -–—")):
        session["title"] = f"{text} {session.get('title', '')}".strip()
        times = []
    session["start_time"] = times[0] if times else None
    session["end_time"] = times[1] if len(times) == 2 and times[1] > times[0] else None
    return session


class SessionTimesFromText(BaseBlockOperation):
    """Applied to each programme day: its sessions list may be stored in ListBlock's old
    format (plain values) or its current one (``type``/``value``/``id``); both come out in
    the current one, since Wagtail reads an item without an ``id`` as an old plain value."""

    def apply(self, block_value):
        sessions = []
        for item in block_value.get("sessions", []):
            wrapped = isinstance(item, dict) and "value" in item and item.get("type") == "item"
            sessions.append(
                {
                    "type": "item",
                    "value": session_times_from_text(item["value"] if wrapped else item),
                    "id": (item.get("id") if wrapped else None) or str(uuid.uuid4()),
                }
            )
        block_value["sessions"] = sessions
        return block_value

    @property
    def operation_name_fragment(self):
        return "session_times_from_text"


def forwards(apps, schema_editor):
    """Every programme column modeltranslation made at this point (one per language)."""
    model = apps.get_model("meetings", "ExchangeTripPage")
    for field in model._meta.get_fields():
        if isinstance(field, StreamField) and field.name.startswith("programme"):
            MigrateStreamData(
                "meetings",
                "ExchangeTripPage",
                field.name,
                [(SessionTimesFromText(), "day")],
            ).migrate_stream_data_forward(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_trip_meeting_point_and_session_times"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
