"""New-password rules (NIST SP 800-63B style: length and blocklist, no composition rules)."""

import pytest

import assistant.passwords
from assistant.errors import InputError
from assistant.passwords import check_new_password, hash_password, verify_password
from tests.conftest import PRODUCTION_HASHER

pytestmark = pytest.mark.unit


@pytest.fixture
def production_hashing(monkeypatch):
    """The suite hashes with argon2's cheapest profile for speed (tests/conftest.py); not here."""
    monkeypatch.setattr(assistant.passwords, "_hasher", PRODUCTION_HASHER)


@pytest.mark.parametrize("password, rule", [
    ("short-pw", "at least 12"),
    ("x" * 129, "at most 128"),
    ("aaaaaaaaaaaaaa", "too few different"),
    ("nurse.kim-is-great", "username"),
    ("password123456", "too common"),
    ("PasswordPassword1!", "too common"),
    ("letmein!!!!!!2024", "too common"),
])
def test_weak_passwords_are_refused_with_the_rule(password, rule):
    with pytest.raises(InputError, match=rule):
        check_new_password(password, "nurse.kim")


@pytest.mark.parametrize("password", ["correct horse battery staple", "Vq8#mzL2!rT9", "plain-words-lamp-river"])
def test_reasonable_passwords_pass(password):
    check_new_password(password, "nurse.kim")


def test_hashes_are_argon2id_with_owasp_parameters(production_hashing):
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapl")
