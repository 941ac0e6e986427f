"""Partner-library editor groups: library editors edit their own library's pages, and only those.

A partner library can name an editor group. A *library editor* is a user in at
least one library's editor group: on top of Wagtail's tree permissions they may
edit, publish, delete, unpublish, move, copy or lock only pages owned by a
library whose group they belong to. Pages of other libraries, of libraries
without a group, and pages owned by no library (home page, indexes) are
read-only for them. Users in no library group ("site editors", reviewers) and
superusers keep Wagtail's ordinary, tree-based page permissions.

Which libraries a user edits is computed once per user object (Django keeps
one ``request.user`` per request), so admin listings cost the same number of
queries however many rows they show.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import Q, QuerySet

from wagtail.models import Page, PagePermissionTester
from wagtail.permissions import page_permission_policy

from .registry import exchange_page_models, library_model

LIBRARY_IDS_CACHE = "_exchange_library_ids"


def library_ids(user) -> frozenset[int]:
    """Ids of the partner libraries whose editor group ``user`` belongs to (cached on ``user``)."""
    cached = getattr(user, LIBRARY_IDS_CACHE, None)
    if cached is None:
        if user.is_anonymous or not user.is_active or user.is_superuser:
            cached = frozenset()
        else:
            cached = frozenset(
                library_model().objects.filter(editor_group__user=user).values_list("pk", flat=True)
            )
        setattr(user, LIBRARY_IDS_CACHE, cached)
    return cached


def is_library_editor(user) -> bool:
    """True for a (non-super)user in some library's editor group: restricted to those libraries."""
    return bool(library_ids(user))


def owned_by(libraries) -> Q:
    """Pages (``Page`` rows) owned by one of ``libraries`` (ids or a queryset of library pages)."""
    condition = Q(pk__in=libraries)
    for model in exchange_page_models():
        field = model.owning_library_field
        if field:
            owned = model.objects.filter(**{f"{field}__in": libraries}).values("pk")
            condition |= Q(pk__in=owned)
    return condition


def editable_pages(user) -> QuerySet[Page]:
    """Every page ``user`` may edit, as a queryset (for admin listings and counts)."""
    pages = page_permission_policy.instances_user_has_any_permission_for(user, ["change"])
    if is_library_editor(user):
        pages = pages.filter(owned_by(library_ids(user)))
    return pages


class LibraryPagePermissionTester(PagePermissionTester):
    @cached_property
    def outside_own_library(self) -> bool:
        """A library editor looking at a page not owned by one of their libraries."""
        return is_library_editor(self.user) and self.page.owning_library_id not in library_ids(
            self.user
        )

    def can_edit(self) -> bool:
        return not self.outside_own_library and super().can_edit()

    def can_publish(self) -> bool:
        return not self.outside_own_library and super().can_publish()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return not self.outside_own_library and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self) -> bool:
        return not self.outside_own_library and super().can_unpublish()

    def can_lock(self) -> bool:
        return not self.outside_own_library and super().can_lock()

    def can_unlock(self) -> bool:
        return not self.outside_own_library and super().can_unlock()

    def can_copy(self) -> bool:
        return not self.outside_own_library and super().can_copy()

    def can_reorder_children(self) -> bool:
        return not self.outside_own_library and super().can_reorder_children()
