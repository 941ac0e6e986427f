"""Admin and serving hooks of the meetings app."""

from wagtail import hooks

from .documents import check_page_privacy

hooks.register("before_serve_document", check_page_privacy)
