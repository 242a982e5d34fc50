"""Injected faults and rate limits of the stand-in's /v3/mail/send."""

from __future__ import annotations

import time


def test_a_429_fault_answers_the_next_n_calls_with_rate_limit_headers_then_recovers(standin, mail_body):
    """mode 429 with count 2: two refusals with Reset = now + reset_in, then acceptance."""
    plan = standin.dev("POST", "/dev/sendgrid/faults", json={"mode": "429", "count": 2, "reset_in": 30})
    assert plan.status_code == 200 and plan.json()["count"] == 2
    before = time.time()
    for _ in range(2):
        response = standin.send(mail_body())
        assert response.status_code == 429
        assert response.headers["X-RateLimit-Remaining"] == "0"
        assert int(response.headers["X-RateLimit-Limit"]) > 0
        assert 28 <= int(response.headers["X-RateLimit-Reset"]) - before <= 32
        assert response.json()["errors"][0]["message"] == "too many requests"
    assert standin.send(mail_body()).status_code == 202
    assert len(standin.dev("GET", "/dev/mail").json()) == 1


def test_a_500_fault_stores_nothing(standin, mail_body):
    """mode 500 answers SendGrid's 500 body and keeps no message."""
    standin.dev("POST", "/dev/sendgrid/faults", json={"mode": "500"})
    response = standin.send(mail_body())
    assert response.status_code == 500
    assert response.json() == {"errors": [{"message": "internal server error", "field": None}]}
    assert standin.dev("GET", "/dev/mail").json() == []


def test_a_slow_fault_delays_the_answer_but_still_accepts(standin, mail_body):
    """mode slow sleeps `delay` seconds, then handles the request normally."""
    standin.dev("POST", "/dev/sendgrid/faults", json={"mode": "slow", "delay": 0.4})
    started = time.monotonic()
    response = standin.send(mail_body())
    assert response.status_code == 202
    assert time.monotonic() - started >= 0.4


def test_mode_null_clears_the_plan(standin, mail_body):
    """A planned fault can be withdrawn."""
    standin.dev("POST", "/dev/sendgrid/faults", json={"mode": "503", "count": 5})
    cleared = standin.dev("POST", "/dev/sendgrid/faults", json={"mode": None})
    assert cleared.json() == {"mode": None, "count": 0, "reset_in": None, "delay": None}
    assert standin.send(mail_body()).status_code == 202


def test_an_invalid_fault_plan_is_refused_with_field_errors(standin):
    """Unknown modes, bad counts and unknown fields get 400 with one error per field."""
    response = standin.dev("POST", "/dev/sendgrid/faults", json={"mode": "teapot", "count": 0, "colour": "red"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert set(body["errors"]) == {"mode", "count", "colour"}


def test_the_rate_limit_window_refuses_calls_over_the_limit(start_standin, mail_body):
    """With RATE_LIMIT=2, the third call in the window gets 429 and Remaining 0."""
    running = start_standin(RATE_LIMIT=2, RATE_WINDOW_SECONDS=60)
    assert [running.send(mail_body()).status_code for _ in range(2)] == [202, 202]
    refused = running.send(mail_body())
    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert int(refused.headers["X-RateLimit-Reset"]) >= int(time.time())
