"""The providers' published documents, committed under tests/fixtures/vendor (see PROVENANCE.md there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VENDOR_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "vendor"


def vendor_spec_path(provider: str, name: str) -> Path:
    """Return the path of one committed provider document, e.g. ("sendgrid", "tsg_mail_v3.json")."""
    return VENDOR_DIR / provider / name


def load_vendor_spec(provider: str, name: str) -> Any:
    """Parse one committed provider document."""
    return json.loads(vendor_spec_path(provider, name).read_text(encoding="utf-8"))
