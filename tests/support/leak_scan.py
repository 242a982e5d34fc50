"""Look for health words and people's emails and phone numbers in logs, mails and Stripe requests.

Every log line, every mail the SendGrid stand-in accepted and every call the Stripe stand-in recorded is
read field by field. A person's email may appear only where it has to (the address a mail goes to, the
email of a Stripe customer); a phone number never; health words and answer texts never.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.billing.stripe_request_text import STRIPE_ID_PARAMS
from tests.conftest import ROOT

HEALTH_WORDS = (
    r"phq",
    r"gad-?_?7",
    r"epds",
    r"depress\w*",
    r"suicid\w*",
    r"self[- ]harm\w*",
    r"ketamine",
    r"psychosis",
    r"bipolar",
    r"sertraline",
    r"postpartum",
    r"pregnan\w*",
    r"perinatal",
    r"likely_eligible",
    r"scores?",
)
# Words of the clinic's own offer, allowed in the body of a mail (see PERSONAL_HEALTH).
CLINIC_COPY_WORDS = frozenset({r"ketamine", r"depress\w*"})
# What the clinic itself publishes in every footer and crisis box: its own and the crisis lines' numbers.
PUBLISHED_PHONES = ("988", "911", "+18135550142", "(813) 555-0142", "813-555-0142", "1-833-852-6262", "1-800-944-4773")
CLINIC_ADDRESS_DOMAIN = "clinic.example"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# E.164 and the common US spellings; bare digit runs (ids, timestamps) are not phone numbers.
PHONE = re.compile(
    r"(?<![\w+])(?:\+1\d{10}|\+1[ .-]\d{3}[ .-]\d{3}[ .-]\d{4}|\(\d{3}\) ?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})(?!\d)"
)
# Where a person's own email may appear: the address itself, and what the person reads (a campaign's
# `{{ email }}` merge field shows them their own address). Metadata (custom args, categories, headers),
# which the provider stores and indexes, never holds it.
MAIL_EMAIL_FIELDS = frozenset({"to", "to_name", "subject", "html", "text"})
# The stand-ins play SendGrid and Stripe: what reached them is read from their records above, and their
# own logs are the provider's, not ours.
PROVIDER_LOGS = frozenset({"sendgrid.log", "stripe.log"})
STRIPE_EMAIL_FIELDS = frozenset({"email", "customer_email"})
# Stand-in bookkeeping and provider ids: random characters that may spell anything.
MAIL_BODY_FIELDS = frozenset({"html", "text"})
MAIL_SKIPPED_FIELDS = frozenset({"id", "message_id", "sg_message_id", "batch_id", "sent_at", "send_at"})
STRIPE_ID_FIELDS = STRIPE_ID_PARAMS | {"idempotency_key", "charge", "payment_intent"}


def answer_texts() -> tuple[str, ...]:
    """The question texts of every screening instrument the assessment asks."""
    catalogue = json.loads((ROOT / "services/leads/catalogue/en.json").read_text())
    items = (item for instrument in catalogue["instruments"].values() for item in instrument["items"].values())
    return tuple(item["text"] if isinstance(item, dict) else item for item in items)


def _words(words: Iterable[str]) -> re.Pattern[str]:
    """Match any of `words` (regular expressions) as whole words, in any case."""
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(words) + r")(?![A-Za-z0-9])", re.IGNORECASE)


ANSWERS = tuple(re.escape(text) for text in answer_texts())
HEALTH = _words([*HEALTH_WORDS, *ANSWERS])
# A mail's body is the clinic's copy, the same for everyone who gets that mail: it may name the therapy
# and what it treats, but never anything about the person (instruments, scores, answers, medicines, risk).
PERSONAL_HEALTH = _words([word for word in HEALTH_WORDS if word not in CLINIC_COPY_WORDS] + list(ANSWERS))
# The crisis line's name, printed in every footer.
PUBLISHED_COPY = re.compile(r"Suicide (?:&|&amp;|and) Crisis Lifeline", re.IGNORECASE)


def _published_pages() -> re.Pattern[str]:
    """The addresses of the clinic's public articles, which name conditions by design, plain or URL-encoded."""
    from gateway.resource_library import author_url, load_resource_library
    from services.kit.clinic_profile import load_clinic_profile

    profile = load_clinic_profile()
    library = load_resource_library(profile)
    paths = {article.url for article in library.articles} | {condition.url for condition in library.conditions}
    paths |= {author_url(person) for person in profile.clinicians}
    spelled = {path.replace("/", "%2F") for path in paths} | {path.replace("/", "%2f") for path in paths} | paths
    return re.compile("(?:" + "|".join(re.escape(p) for p in sorted(spelled, key=len, reverse=True)) + r")(?![\w-])")


# A visitor's request for a public article is the clinic's own content in an address, not data about them.
PUBLISHED_PAGES = _published_pages()


@dataclass(frozen=True)
class Finding:
    """One thing that should not be where it was found."""

    where: str
    kind: str
    text: str


@dataclass
class LeakScan:
    """What was read and what was found; collected across every system the session started."""

    log_lines: int = 0
    mails: int = 0
    stripe_requests: int = 0
    findings: list[Finding] = field(default_factory=list)
    # Log fields left unread: a fuzz run's access lines echo the targets the fuzzer made up itself.
    unread_log_fields: frozenset[str] = frozenset()

    def scan_logs(self, log_dir: Path) -> None:
        """Read every line of every process's log, JSON fields one by one."""
        for path in sorted(log_dir.rglob("*.log")):
            if path.name in PROVIDER_LOGS:
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
                self.log_lines += 1
                where = f"{path.name}:{number}"
                try:
                    record = json.loads(line)
                except ValueError:
                    record = line
                for name, value in _fields(record):
                    if name in self.unread_log_fields:
                        continue
                    value = PUBLISHED_PAGES.sub(" ", value)
                    self._check(f"{where} {name}", value, emails_allowed=False, clinic_addresses=False)

    def scan_mails(self, mails: Iterable[dict[str, Any]]) -> None:
        """Read each accepted mail field by field; the recipient's own address only where the recipient reads it."""
        for mail in mails:
            self.mails += 1
            own = str(mail.get("to") or "").lower()
            for name, value in _fields(mail):
                top = name.split(".", 1)[0]
                if top in MAIL_SKIPPED_FIELDS:
                    continue
                allowed = {own} if top in MAIL_EMAIL_FIELDS else set()
                where = f"mail {mail.get('id')} to {own} {name}"
                if top in MAIL_BODY_FIELDS:
                    self._check(where, PUBLISHED_COPY.sub(" ", value), emails_allowed=allowed, pattern=PERSONAL_HEALTH)
                else:
                    self._check(where, value, emails_allowed=allowed)

    def scan_stripe(self, recorded: Iterable[dict[str, Any]]) -> None:
        """Read every parameter of every Stripe call; an email only as a customer's email."""
        for number, call in enumerate(recorded, start=1):
            self.stripe_requests += 1
            where = f"stripe {number} {call.get('method')} {call.get('path')}"
            for name, value in _fields(call.get("params") or {}):
                leaf = name.rsplit(".", 1)[-1].split("[")[0]
                if leaf in STRIPE_ID_FIELDS:
                    continue
                self._check(f"{where} {name}", value, emails_allowed=leaf in STRIPE_EMAIL_FIELDS)

    def _check(
        self,
        where: str,
        value: str,
        *,
        emails_allowed: bool | set[str],
        pattern: re.Pattern[str] | None = None,
        clinic_addresses: bool = True,
    ) -> None:
        """Record every health word, foreign email and phone number in one field."""
        words = pattern or HEALTH
        self.findings += [Finding(where, "health word", m.group(0)) for m in words.finditer(value)]
        if isinstance(emails_allowed, set):
            # An allowed address goes before the search: a local part with characters EMAIL does not read
            # (`a|b@x.com`, valid and sent by people) must not leave its tail (`b@x.com`) to look foreign.
            for own in filter(None, emails_allowed):
                value = re.sub(re.escape(own), " ", value, flags=re.IGNORECASE)
        for found in EMAIL.finditer(value):
            address = found.group(0).lower()
            if clinic_addresses and address.endswith("@" + CLINIC_ADDRESS_DOMAIN):
                continue
            if emails_allowed is True or (isinstance(emails_allowed, set) and address in emails_allowed):
                continue
            self.findings.append(Finding(where, "email", address))
        for found in PHONE.finditer(value):
            if found.group(0) not in PUBLISHED_PHONES:
                self.findings.append(Finding(where, "phone", found.group(0)))

    def summary(self) -> str:
        """One line of what was read and found."""
        return (
            f"{self.log_lines} log lines, {self.mails} mails, {self.stripe_requests} Stripe requests read; "
            f"{len(self.findings)} findings"
        )

    def report(self) -> str:
        """The findings, one a line, for an assertion message."""
        return "\n".join(f"{f.where}: {f.kind} {f.text!r}" for f in self.findings[:200])


def _fields(value: Any, name: str = "") -> Iterator[tuple[str, str]]:
    """Walk a JSON value, yielding (dotted field name, text) for each string and number leaf."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _fields(item, f"{name}.{key}" if name else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _fields(item, f"{name}[{index}]")
    elif value is not None and not isinstance(value, bool):
        yield name or "line", str(value)


@dataclass
class SessionTally:
    """Totals over every system the test session started, for the closing summary."""

    systems: int = 0
    log_lines: int = 0
    mails: int = 0
    stripe_requests: int = 0
    findings: int = 0

    def add(self, scan: LeakScan) -> None:
        """Count one finished system's scan."""
        self.systems += 1
        self.log_lines += scan.log_lines
        self.mails += scan.mails
        self.stripe_requests += scan.stripe_requests
        self.findings += len(scan.findings)


SESSION_SCAN = SessionTally()
