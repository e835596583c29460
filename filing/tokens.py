"""The keys of API tokens: made once, stored as a hash, looked up by prefix."""

import hashlib
import hmac
import secrets

from .models import ApiToken

KEY_START = "tk_"


def new_key():
    """A fresh key and its public prefix, e.g. `tk_3f9a0c1d_…` and `3f9a0c1d`."""
    prefix = secrets.token_hex(4)
    return f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}", prefix


def hash_key(key):
    # The key carries 256 random bits: a plain hash cannot be reversed by
    # guessing, so a slow password hash would only slow every request.
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key):
    if not key.startswith(KEY_START):
        return None
    prefix, separator, _secret = key[len(KEY_START) :].partition("_")
    return prefix if separator and len(prefix) == 8 else None


def find_token(key):
    """The active token this key belongs to, or None; revoked keys find nothing."""
    prefix = prefix_of(key)
    if prefix is None:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("organizing_unit", "acting_user")
        .filter(prefix=prefix)
        .first()
    )
    expected = token.key_hash if token else hash_key("")
    if not hmac.compare_digest(expected, hash_key(key)) or token is None:
        return None
    return token
