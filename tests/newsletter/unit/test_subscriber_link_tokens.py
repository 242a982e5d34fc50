"""Signed, expiring, single-purpose subscriber links."""

from __future__ import annotations

import pytest

from services.newsletter.subscriber_domain.tokens import DAY, ExpiredLink, InvalidLink, LinkSigner

SECRET = "test-link-secret-0123456789abcdef"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_760_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        """Return the current fake time."""
        return self.now


@pytest.fixture
def clock() -> Clock:
    """Return a fresh hand-moved clock."""
    return Clock()


@pytest.fixture
def signer(clock: Clock) -> LinkSigner:
    """Return a signer reading the hand-moved clock."""
    return LinkSigner(SECRET, clock=clock)


def test_a_link_reads_back_its_subscriber_and_extra(signer):
    """A fresh token verifies and returns what was put in it."""
    token = signer.make("confirm", 42, {"topics": ["postpartum"]})
    payload = signer.read("confirm", token)
    assert (payload.purpose, payload.subscriber_id, dict(payload.extra)) == ("confirm", 42, {"topics": ["postpartum"]})
    assert payload.issued_at.tzinfo is not None


def test_tokens_are_url_safe(signer):
    """Tokens need no escaping in a URL path or query."""
    token = signer.make("unsubscribe", "sub_7f3a")
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


@pytest.mark.parametrize(
    ("made_for", "read_as"),
    [
        (a, b)
        for a in ("confirm", "preferences", "unsubscribe")
        for b in ("confirm", "preferences", "unsubscribe")
        if a != b
    ],
)
def test_a_token_never_works_for_another_purpose(signer, made_for, read_as):
    """A confirm link cannot unsubscribe, an unsubscribe link cannot open preferences, and so on."""
    token = signer.make(made_for, 42)
    with pytest.raises(InvalidLink) as caught:
        signer.read(read_as, token)
    assert not isinstance(caught.value, ExpiredLink)


def test_a_tampered_token_is_invalid(signer):
    """Changing any character of the payload breaks the signature."""
    token = signer.make("preferences", 42)
    forged = token.replace(token[3], "A" if token[3] != "A" else "B", 1)
    with pytest.raises(InvalidLink):
        signer.read("preferences", forged)


@pytest.mark.parametrize("token", ["", "not-a-token", "a.b.c", "x" * 5000, "é.é.é"])
def test_garbage_is_invalid(signer, token):
    """Malformed input raises InvalidLink, never another error."""
    with pytest.raises(InvalidLink):
        signer.read("confirm", token)


def test_another_secret_cannot_verify(signer):
    """A token signed with a different secret is refused."""
    token = LinkSigner("another-secret-0123456789abcdef").make("confirm", 42)
    with pytest.raises(InvalidLink):
        signer.read("confirm", token)


def test_rotated_secrets_still_verify_old_links(clock):
    """With the old secret listed before the new one, old links verify and new ones use the new key."""
    old = LinkSigner(SECRET, clock=clock).make("confirm", 1)
    rotated = LinkSigner([SECRET, "new-secret-0123456789abcdef-new"], clock=clock)
    assert rotated.read("confirm", old).subscriber_id == 1
    with pytest.raises(InvalidLink):
        LinkSigner(SECRET, clock=clock).read("confirm", rotated.make("confirm", 2))


def test_confirm_link_expires_and_names_its_subscriber(signer, clock):
    """Past its max age a confirm link raises ExpiredLink carrying the subscriber id."""
    token = signer.make("confirm", 42)
    clock.now += 7 * DAY - 1
    assert signer.read("confirm", token).subscriber_id == 42
    clock.now += 2
    with pytest.raises(ExpiredLink) as caught:
        signer.read("confirm", token)
    assert caught.value.subscriber_id == 42


def test_explicit_max_age_is_honoured(signer, clock):
    """A caller can ask for a shorter lifetime than the default."""
    token = signer.make("preferences", 42)
    clock.now += 61
    with pytest.raises(ExpiredLink):
        signer.read("preferences", token, max_age=60)


def test_unsubscribe_links_never_expire(signer, clock):
    """An unsubscribe link from years ago still works (CAN-SPAM: at least 30 days)."""
    token = signer.make("unsubscribe", 42)
    clock.now += 3 * 365 * DAY
    assert signer.read("unsubscribe", token).subscriber_id == 42


def test_unsubscribe_refuses_a_max_age(signer):
    """Asking for an expiring unsubscribe link is a programming error."""
    with pytest.raises(ValueError, match="never expire"):
        signer.read("unsubscribe", signer.make("unsubscribe", 1), max_age=3600)


def test_unknown_purpose_and_short_secret_are_refused(signer):
    """Only the three purposes exist, and a short secret is not accepted."""
    with pytest.raises(ValueError):
        signer.make("login", 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        LinkSigner("short")
