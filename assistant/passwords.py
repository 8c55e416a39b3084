"""Password hashing with argon2id (argon2-cffi defaults: RFC 9106's memory-constrained profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4: above OWASP's minimum
# Verifying against this when the user does not exist keeps timing uniform.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 128  # long passphrases welcome; unbounded input is a denial-of-service lever
# NIST SP 800-63B: no composition rules, but refuse well-known and trivially guessable choices.
_COMMON = frozenset({
    "password", "passw0rd", "123456789012", "qwertyuiop", "letmein", "welcome", "iloveyou",
    "administrator", "changeme", "trustno1", "football", "baseball", "sunshine", "princess",
    "monkey", "dragon", "master", "shadow", "superman", "tailor", "patient", "clinic", "hospital",
})


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_new_password(password: str, username: str) -> None:
    """Raise InputError naming the rule a new password breaks."""
    from assistant.errors import InputError

    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise InputError(f"the password must have at most {MAX_PASSWORD_CHARS} characters")
    lowered = password.lower()
    if len(set(lowered)) < 4:
        raise InputError("the password repeats too few different characters")
    if username and username.lower() in lowered:
        raise InputError("the password must not contain the username")
    core = lowered.strip("0123456789!@#$%^&*.-_ ")
    if any(core and core == word * (len(core) // len(word)) for word in _COMMON):  # "password", "passwordpassword1"
        raise InputError("the password is too common; choose a longer phrase of unrelated words")
