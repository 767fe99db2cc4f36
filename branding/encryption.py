"""Fernet encryption of utility portal passwords stored on `Connection`.

The key is settings.FIELD_ENCRYPTION_KEY. When that is empty, a key is derived from
SECRET_KEY, so that local runs work. Rotating SECRET_KEY then makes stored passwords
unreadable, so production sets FIELD_ENCRYPTION_KEY.
"""

import base64
import hashlib

from cryptography.fernet import Fernet
from django.conf import settings
from django.views.decorators.debug import sensitive_variables


def _fernet() -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        digest = hashlib.sha256(
            b"nectar.field-encryption:" + settings.SECRET_KEY.encode()
        ).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key)


# sensitive_variables() with no names hides every local variable of these functions,
# and of the cryptography frames below them, from error reports when DEBUG is off.
@sensitive_variables()
def encrypt_password(password: str) -> bytes:
    return _fernet().encrypt(password.encode())


@sensitive_variables()
def decrypt_password(token: bytes) -> str:
    """Return the plain password; raises cryptography's InvalidToken on a wrong key."""
    return _fernet().decrypt(bytes(token)).decode()
