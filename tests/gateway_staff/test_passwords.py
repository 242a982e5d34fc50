"""Argon2id password hashes: verification, length rules, renewal of outdated parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from gateway.staff.passwords import Passwords, WeakPassword

FAST = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


def test_a_hash_is_argon2id_and_verifies_only_the_right_password():
    """The stored value is an argon2id hash that accepts the password and nothing else."""
    passwords = Passwords()
    stored = passwords.hash("a long enough password")
    assert stored.startswith("$argon2id$")
    assert "a long enough password" not in stored
    assert passwords.verify(stored, "a long enough password").ok
    assert not passwords.verify(stored, "a long enough passworD").ok


def test_hashes_of_the_same_password_differ():
    """Each hash has its own salt."""
    passwords = Passwords(FAST)
    assert passwords.hash("same password again") != passwords.hash("same password again")


def test_a_hash_made_with_weaker_parameters_asks_to_be_renewed():
    """When the hasher's parameters change, a matching old hash is flagged for rehashing."""
    old = Passwords(FAST).hash("a long enough password")
    verdict = Passwords().verify(old, "a long enough password")
    assert verdict.ok and verdict.needs_rehash
    current = Passwords().hash("a long enough password")
    assert not Passwords().verify(current, "a long enough password").needs_rehash


@pytest.mark.parametrize("password", ["short", "x" * 11, "y" * 1025])
def test_passwords_outside_the_length_rules_are_refused(password: str):
    """New passwords need 12 to 1024 characters."""
    with pytest.raises(WeakPassword):
        Passwords(FAST).hash(password)


def test_a_damaged_stored_hash_never_verifies():
    """A value that is not an argon2 hash is a failed check, not an error."""
    assert not Passwords(FAST).verify("not-a-hash", "anything at all").ok
