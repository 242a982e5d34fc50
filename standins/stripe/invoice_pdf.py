"""A one-page PDF of an invoice, written by hand so no PDF library is needed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def _escape(text: str) -> str:
    """Escape text for a PDF string literal (ASCII only, as the base fonts need)."""
    text = text.encode("ascii", "replace").decode()
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def render(invoice: dict[str, Any]) -> bytes:
    """Return a small valid PDF listing the invoice's number, lines and totals."""
    day = datetime.fromtimestamp(invoice["created"], tz=UTC).strftime("%Y-%m-%d")
    lines = [f"Invoice {invoice['number']}", f"Date {day}", f"Status {invoice['status']}"]
    lines += [
        f"{line['description']}  {line['amount'] / 100:.2f} {line['currency'].upper()}"
        for line in invoice["lines"]["data"]
    ]
    lines += [f"Amount due {invoice['amount_due'] / 100:.2f}", f"Amount paid {invoice['amount_paid'] / 100:.2f}"]
    text = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({_escape(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
