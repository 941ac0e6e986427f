"""Tell the reviewers of a language that machine drafts wait for them."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wagtail.admin.mail import send_mail

from .permissions import reviewers_for


def notify_reviewers(page, languages: set[str]) -> int:
    """E-mail each language's reviewers (Wagtail's mailer; console backend in development)."""
    sent = 0
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    names = dict(settings.LANGUAGES)
    for language in sorted(languages):
        recipients = list(reviewers_for(language))
        if not recipients:
            continue
        review_url = base_url + reverse("translation_review", args=[page.pk, language])
        for reviewer in recipients:
            profile_language = (
                getattr(getattr(reviewer, "wagtail_userprofile", None), "preferred_language", "")
                or settings.LANGUAGE_CODE
            )
            with translation.override(profile_language):
                context = {
                    "page": page,
                    "language": names[language],
                    "review_url": review_url,
                    "reviewer": reviewer,
                }
                subject = render_to_string(
                    "translation/notifications/drafts_waiting_subject.txt", context
                ).strip()
                body = render_to_string("translation/notifications/drafts_waiting.txt", context)
            send_mail(subject, body, [reviewer.email])
            sent += 1
    return sent
