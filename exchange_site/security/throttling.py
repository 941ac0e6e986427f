"""Login throttling with django-axes: the admin login, any Django login form, page passwords.

axes counts failed logins per IP address and user name and locks out after
``AXES_FAILURE_LIMIT`` failures (see README, "Hostile input and hardening").
"""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse

from wagtail import views as wagtail_views

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response


class AxesBackend(AxesStandaloneBackend):
    """axes' backend, except for logins made without an HTTP request.

    ``AxesStandaloneBackend`` refuses a login that has no request, which is how
    Django's test client and management scripts log in; such a login cannot
    be brute-forced over the network, so it is left to the model backend.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def page_password_credentials(restriction_id: int) -> dict:
    """What axes counts page-password failures under: one pseudo user per restriction."""
    return {"username": f"page-password:{restriction_id}"}


def authenticate_with_password(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    """Wagtail's page-password view, throttled by axes' own API.

    The page-password form checks a shared password, not a user, so it never
    calls ``authenticate()`` and axes does not see it. Each wrong password is
    reported to axes as a failed login of a pseudo user named after the
    restriction (so axes counts it per IP address, as for the admin login), and
    a locked-out client gets axes' lockout response before the password is
    checked. django-ratelimit would be a second library doing the same job.
    """
    credentials = page_password_credentials(page_view_restriction_id)
    if request.method == "POST" and AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, credentials=credentials)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST" and response.status_code != 302:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return response
