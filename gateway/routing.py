"""Which upstream answers a path: prefixes matched on whole segments, the path never rewritten."""
from __future__ import annotations

from dataclasses import dataclass

from gateway.settings import GatewaySettings

SERVICE_PREFIXES: dict[str, tuple[str, ...]] = {
    "leads": ("/api/leads", "/assessment", "/admin/leads", "/leads", "/contact", "/waitlist", "/consultation"),
    "billing": ("/api/billing", "/billing", "/membership", "/admin/billing", "/webhooks/stripe"),
    "newsletter": (
        "/api/newsletter", "/newsletter", "/admin/newsletter", "/webhooks/sendgrid", "/embed/newsletter.js",
    ),
}
# The provider stand-ins' own pages, reachable only when their URLs are configured (never in production).
SENDGRID_DEV_PREFIXES = ("/dev/mail", "/dev/sendgrid")
STRIPE_DEV_PREFIXES = ("/dev/stripe",)
# Service-to-service endpoints live here on every upstream; no public path may reach them.
PRIVATE_SEGMENTS = frozenset({"internal"})


def under(path: str, prefix: str) -> bool:
    """Tell whether `path` is `prefix` itself or lies below it, on a segment boundary."""
    return path == prefix or path.startswith(prefix + "/")


@dataclass(frozen=True)
class Upstream:
    """A server the gateway forwards to."""

    name: str
    base_url: str


class RoutingTable:
    """Map path prefixes of one or two segments to upstreams."""

    def __init__(self, prefixes: dict[str, Upstream]):
        for prefix in prefixes:
            if not prefix.startswith("/") or prefix.count("/") > 2:
                raise ValueError(f"a prefix has one or two segments: {prefix!r}")
        self.prefixes = dict(prefixes)

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> RoutingTable:
        """Build the table for the configured services and, in development, the stand-ins."""
        table: dict[str, Upstream] = {}
        for name, url in settings.upstreams.items():
            upstream = Upstream(name, url.rstrip("/"))
            table.update({prefix: upstream for prefix in SERVICE_PREFIXES[name]})
        if settings.sendgrid_standin_url:
            standin = Upstream("sendgrid-standin", settings.sendgrid_standin_url.rstrip("/"))
            table.update({prefix: standin for prefix in SENDGRID_DEV_PREFIXES})
        if settings.stripe_standin_url:
            standin = Upstream("stripe-standin", settings.stripe_standin_url.rstrip("/"))
            table.update({prefix: standin for prefix in STRIPE_DEV_PREFIXES})
        return cls(table)

    def resolve(self, path: str) -> Upstream | None:
        """Return the upstream for a decoded path, or None when the gateway must not forward it."""
        segments = path.split("/")
        if any(part in (".", "..") for part in segments) or segments[1] in PRIVATE_SEGMENTS:
            return None
        if len(segments) > 2:
            found = self.prefixes.get("/" + segments[1] + "/" + segments[2])
            if found is not None:
                return found
        return self.prefixes.get("/" + segments[1])

    def services(self) -> dict[str, str]:
        """Name each distinct upstream with its base URL."""
        return {upstream.name: upstream.base_url for upstream in self.prefixes.values()}
