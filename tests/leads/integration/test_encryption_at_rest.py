"""Encryption at rest: a dump of the whole database holds no plaintext answers, phone, birth date or email."""

from __future__ import annotations

import json

from sqlalchemy import MetaData, select

from services.leads.privacy.field_cipher import FieldCipher
from services.leads.tables import leads, submissions
from tests.leads import payloads
from tests.leads.integration.db_rows import rows


def dump(parts) -> str:
    """Every value of every table, as text (what a database dump would expose)."""
    meta = MetaData()
    meta.reflect(parts.container.db.engine)
    out = []
    with parts.container.db.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                out.append(" ".join(str(v) for v in row))
    return "\n".join(out)


def test_database_dump_has_no_plaintext_personal_or_health_values(client, parts):
    """Email, phone (both forms), birth date, medications and answer lists appear nowhere in the dump."""
    payload = payloads.body(medications="zolpidemquux 10 mg")
    payload["instruments"]["phq9"] = [3, 1, 2, 3, 1, 2, 3, 1, 2]
    lead_id = client.post("/api/leads/assessments", json=payload, headers={"Idempotency-Key": "dump-1"}).get_json()[
        "id"
    ]
    client.post(f"/api/leads/assessments/{lead_id}/consultation", json={"windows": []})
    text = dump(parts)
    assert lead_id in text
    email = payload["contact"]["email"]
    phone = payload["contact"]["phone"]
    for secret in (
        email,
        email.split("@")[0],
        phone,
        phone[2:],
        "1994-03-02",
        "zolpidemquux",
        json.dumps(payload["instruments"]["phq9"]),
        "3, 1, 2, 3, 1, 2, 3, 1, 2",
        "3,1,2,3,1,2,3,1,2",
        "Diaz",
    ):
        assert secret not in text, secret


def test_stored_values_decrypt_with_the_key_id_they_name_after_rotation(client, parts):
    """Values sealed with an old key still open once a new current key is added in front."""
    payload = payloads.body()
    client.post("/api/leads/assessments", json=payload)
    (lead,) = rows(parts, leads)
    old_spec = parts.settings.data_encryption_keys
    rotated = FieldCipher("k2:" + "A" * 43 + "=," + old_spec)
    assert rotated.decrypt(lead.email_enc, "leads.email") == payload["contact"]["email"]
    assert rotated.needs_rotation(lead.email_enc)
    fresh = rotated.encrypt("x", "leads.email")
    assert fresh.split(".")[1] == "k2" and not rotated.needs_rotation(fresh)
    (submission,) = rows(parts, submissions)
    answers = rotated.decrypt_json(submission.answers_enc, "submissions.answers")
    assert answers["positions"]["phq9"] == payload["instruments"]["phq9"]


def test_a_value_cannot_be_moved_to_another_column(client, parts):
    """The column is bound as associated data: an email token does not open as a phone."""
    client.post("/api/leads/assessments", json=payloads.body())
    (lead,) = rows(parts, leads)
    try:
        parts.cipher.decrypt(lead.email_enc, "leads.phone")
    except ValueError:
        return
    raise AssertionError("decrypted under the wrong context")
