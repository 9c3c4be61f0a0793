"""Secret tokens shown once (personal API tokens, invitation links): only their hash is stored."""

from __future__ import annotations

import hashlib
import secrets


def token_hash(raw: str) -> str:
    """What is stored of a token, and what a presented one is looked up by."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A new random token (43 URL-safe characters) and its hash."""
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)
