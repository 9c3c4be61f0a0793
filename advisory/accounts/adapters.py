from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from advisory.accounts.security import LOGOUT_CONTINUES_SESSION_KEY


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by advisors and administrators, never by self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """A MitID Erhverv session continues to its single logout (advisory.saml); others to the log-in page."""
        continues = request.session.get(LOGOUT_CONTINUES_SESSION_KEY)
        if isinstance(continues, str) and url_has_allowed_host_and_scheme(continues, allowed_hosts=None):
            return continues
        return super().get_logout_redirect_url(request)
