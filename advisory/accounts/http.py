"""The request of a view behind log-in, for type checking.

``login_required`` (or the middleware that sends anonymous visitors to the log-in page) guarantees that
``request.user`` is a logged-in ``User``, not ``AnonymousUser``; views that rely on it take an
``AuthenticatedHttpRequest``, so that the type checker knows it too.
"""

from __future__ import annotations

from advisory.accounts.models import User
from advisory.core.http import HtmxHttpRequest


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User
