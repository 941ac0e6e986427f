"""The development server's ``/media/`` files, documents excepted.

Documents are only served through Wagtail's download view, which checks the
privacy of the pages that use them (``meetings.documents``). Matching
``documents/`` in the URL pattern is not enough: ``/media//documents/…``,
``/media/%2Fdocuments/…`` or ``/media/images/../documents/…`` name the same
file, because the path is tidied only when the file is opened. So the path is
normalised here first, exactly as the file server will read it.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

PRIVATE_DIRECTORIES = ("documents",)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """``django.views.static.serve`` for MEDIA_ROOT, refusing anything under ``documents/``."""
    normalised = posixpath.normpath(unquote(path).replace("\\", "/")).lstrip("/")
    if normalised.split("/", 1)[0] in PRIVATE_DIRECTORIES or normalised.startswith(".."):
        raise Http404("Documents are served by their download URL.")
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
