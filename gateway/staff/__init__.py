"""Staff identity kept by the gateway: accounts, sign-in, short-lived EdDSA tokens."""

from gateway.staff.install import init_staff

__all__ = ["init_staff"]
