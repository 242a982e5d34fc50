"""Staff tokens: EdDSA-signed, verified by any service with the public key alone."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.staff.bootstrap import build_staff
from gateway.staff.keys import StaffKeys
from gateway.staff.secret_box import SecretBox, SecretUnreadable
from gateway.staff.tokens import TokenIssuer
from services.kit.config import ConfigError
from services.kit.db_types import utcnow
from services.kit.dev_keys import DEV_STAFF_PRIVATE_KEY_PEM, DEV_STAFF_PUBLIC_KEY_PEM
from services.kit.staff_auth import AUDIENCE, ISSUER, TokenVerifier


def _pem(key: object) -> str:
    """Serialise a private key as unencrypted PKCS#8 PEM."""
    return key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_an_issued_token_verifies_with_the_public_key_and_carries_subject_roles_and_csrf():
    """A service holding only the public key reads the subject, roles and CSRF value."""
    issued = TokenIssuer(StaffKeys(DEV_STAFF_PRIVATE_KEY_PEM), 900).issue("staff:7", ("clinician", "marketer"))
    identity = TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(issued.token)
    assert identity.subject == "staff:7"
    assert identity.roles == ("clinician", "marketer")
    assert identity.csrf == issued.csrf and len(issued.csrf) >= 32
    claims = jwt.decode(issued.token, DEV_STAFF_PUBLIC_KEY_PEM, algorithms=["EdDSA"], audience=AUDIENCE, issuer=ISSUER)
    assert claims["exp"] - claims["iat"] == 900
    assert jwt.get_unverified_header(issued.token)["alg"] == "EdDSA"


def test_a_token_issued_with_an_email_lets_services_name_who_acted():
    """The email claim reaches the service's identity, so records can name the staff member."""
    issued = TokenIssuer(StaffKeys(DEV_STAFF_PRIVATE_KEY_PEM), 900).issue(
        "staff:7", ("clinician",), email="dr.kim@clinic.example"
    )
    assert TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(issued.token).email == "dr.kim@clinic.example"
    plain = TokenIssuer(StaffKeys(DEV_STAFF_PRIVATE_KEY_PEM), 900).issue("staff:7", ("clinician",))
    assert TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(plain.token).email == ""


def test_each_token_has_its_own_csrf_value():
    """Two tokens for the same person never share a CSRF value."""
    issuer = TokenIssuer(StaffKeys(DEV_STAFF_PRIVATE_KEY_PEM), 900)
    assert issuer.issue("staff:1", ("admin",)).csrf != issuer.issue("staff:1", ("admin",)).csrf


def test_an_expired_token_is_rejected():
    """A token whose lifetime has passed no longer verifies."""
    issuer = TokenIssuer(StaffKeys(DEV_STAFF_PRIVATE_KEY_PEM), 60)
    issued = issuer.issue("staff:1", ("admin",), utcnow() - timedelta(minutes=5))
    with pytest.raises(jwt.ExpiredSignatureError):
        TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(issued.token)


def test_a_token_signed_with_another_ed25519_key_is_rejected():
    """Only the gateway's key makes tokens the services accept."""
    stranger = StaffKeys(_pem(Ed25519PrivateKey.generate()))
    issued = TokenIssuer(stranger, 900).issue("staff:1", ("admin",))
    with pytest.raises(jwt.InvalidSignatureError):
        TokenVerifier(DEV_STAFF_PUBLIC_KEY_PEM).verify(issued.token)


def test_a_signing_key_that_is_not_ed25519_is_refused_at_start():
    """An EC or malformed key is a configuration error, not a runtime surprise."""
    with pytest.raises(ConfigError, match="Ed25519"):
        StaffKeys(_pem(generate_private_key(SECP256R1())))
    with pytest.raises(ConfigError):
        StaffKeys("not a pem")


def test_a_public_key_that_does_not_match_the_private_key_is_refused(make_settings):
    """The gateway will not start if services would reject every token it issues."""
    other_public = StaffKeys(_pem(Ed25519PrivateKey.generate())).public_pem
    with pytest.raises(ConfigError, match="STAFF_TOKEN_PUBLIC_KEY"):
        build_staff(make_settings(staff_token_public_key=other_public))


def test_derived_keys_differ_by_purpose_and_totp_secrets_need_the_same_key():
    """A sealed secret opens under the same signing key only."""
    keys = StaffKeys(DEV_STAFF_PRIVATE_KEY_PEM)
    assert keys.derive("a") != keys.derive("b")
    sealed = SecretBox(keys.derive("totp")).seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert SecretBox(keys.derive("totp")).open(sealed) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(SecretUnreadable):
        SecretBox(StaffKeys(_pem(Ed25519PrivateKey.generate())).derive("totp")).open(sealed)
