"""Reviewers are assigned languages through the ``translation.review_<language>`` permissions.

Give a group (e.g. "Reviewers – Danish") the permission "Can review Danish
translations" in Settings → Groups; superusers may review every language.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet


def review_permission(language: str) -> str:
    return f"translation.review_{language}"


def can_review(user, language: str) -> bool:
    return bool(user.is_active and user.has_perm(review_permission(language)))


def reviewable_languages(user) -> list[str]:
    return [code for code, _name in settings.LANGUAGES if can_review(user, code)]


def reviewers_for(language: str) -> QuerySet:
    """Users explicitly assigned to review ``language`` (superusers are not notified)."""
    permission = Permission.objects.filter(
        content_type__app_label="translation", codename=f"review_{language}"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
    )


def review_permissions() -> QuerySet:
    return Permission.objects.filter(
        content_type__app_label="translation", codename__startswith="review_"
    )
