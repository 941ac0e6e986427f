from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from exchange_site.search import views as search_views
from exchange_site.security import throttling
from exchange_site.security.media import serve_media
from exchange_site.seo import views as seo_views
from meetings.documents import serve_document

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's download URL, served by a wrapper that keeps private documents out of shared caches.
    re_path(r"^documents/(\d+)/(.*)$", serve_document),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", seo_views.sitemap, name="sitemap"),
    path("robots.txt", seo_views.robots_txt, name="robots_txt"),
    path("favicon.ico", seo_views.favicon, name="favicon"),
]

if settings.DEBUG:
    # Images and renditions; documents only through the checked download view above.
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media))

# Every reader-facing page lives under its language prefix: /en/, /da/, /de/, /fr/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    # Before Wagtail's own route of the same path: page passwords are throttled.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttling.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
