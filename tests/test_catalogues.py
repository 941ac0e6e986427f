"""Every interface string of our own code is translated into Danish, German and French.

The real ``makemessages`` (xgettext, from Debian's gettext) runs on a copy of
the source tree, so the test sees exactly the strings a translator would be
given: a new ``gettext`` or ``{% translate %}`` without da/de/fr entries fails
here, naming the string and where it is used.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCES = ["exchange_site", "home", "libraries", "practices", "meetings", "locale", "manage.py"]
LANGUAGES = ["da", "de", "fr"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs xgettext (Debian: gettext)")
def test_every_msgid_of_our_apps_is_translated(tmp_path):
    for name in SOURCES:
        source = REPOSITORY / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, target)
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--verbosity", "0"]
    command += [f"--locale={code}" for code in LANGUAGES]
    subprocess.run(command, cwd=tmp_path, check=True, timeout=300)  # noqa: S603
    untranslated = []
    for code in LANGUAGES:
        for entry in polib.pofile(tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"):
            missing = not entry.msgstr and not any(entry.msgstr_plural.values())
            if entry.obsolete or not (missing or "fuzzy" in entry.flags):
                continue
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
            untranslated.append(f"[{code}] {entry.msgid!r} ({where})")
    assert not untranslated, (
        f"{len(untranslated)} interface strings lack a translation (append them to "
        "locale/<lang>/LC_MESSAGES/django.po):\n" + "\n".join(untranslated)
    )
