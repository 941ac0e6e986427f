"""Partner-library editor groups: library editors edit their own library's pages.

A partner library can name an editor group. A user in *some* library's editor
group may edit (publish, delete, unpublish, lock) only the pages owned by a
library whose group they belong to; pages of other libraries are read-only
for them. Users in no library group (central editors, reviewers) and
superusers keep Wagtail's ordinary, tree-based page permissions.
"""

from __future__ import annotations

from functools import cached_property

from wagtail.models import PagePermissionTester


class LibraryPagePermissionTester(PagePermissionTester):
    @cached_property
    def outside_own_library(self) -> bool:
        from .models import PartnerLibraryPage

        library = self.page.owning_library
        if self.user.is_superuser or library is None or library.editor_group_id is None:
            return False
        user_groups = set(self.user.groups.values_list("id", flat=True))
        library_groups = set(
            PartnerLibraryPage.objects.exclude(editor_group=None).values_list(
                "editor_group_id", flat=True
            )
        )
        return bool(user_groups & library_groups) and library.editor_group_id not in user_groups

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
