"""Context shared by every front-end template."""

from wagtail.models import Site


def site_menu(request) -> dict:
    """The home page's children that are shown in menus (one query, evaluated lazily)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"site_menu": []}
    return {"site_menu": site.root_page.get_children().live().in_menu().specific()}
