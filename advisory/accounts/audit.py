"""People and API tokens in the audit log (see advisory/core/audit.py).

The password hash and the token hash never go into the log; log-ins (last_login)
are recorded by django-axes' access log instead.
"""

from auditlog.registry import auditlog

from advisory.accounts.models import ApiToken, User

auditlog.register(
    User,
    exclude_fields=["password", "last_login"],
    m2m_fields={"groups", "user_permissions"},
)
auditlog.register(ApiToken, exclude_fields=["token_hash", "last_used_at"])
