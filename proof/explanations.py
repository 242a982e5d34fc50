"""The words of docs/reliability.md around the figures: what each proof does and the knobs that shorten it."""

from __future__ import annotations

INTRODUCTION = """\
This file is written by `make proof` (`python -m proof.run_all`); do not edit it by hand. Each section says
what a proof does to the system, then the figures of the last run. The proofs start the real processes (Caddy,
the gateway app, the three services under gunicorn, their workers, the Stripe and SendGrid stand-ins) on a
PostgreSQL cluster and a Redis server of their own, created in a temporary folder on free ports, so that
restarting and stopping them touches nothing else on the machine. `make proof` exits non-zero when any promise
below is broken, and lists the broken ones under their proof. The fast parts (hostile HTTP, the database
answering 503, backup and restore, six worker kills) also run in `make test`."""

EXPLANATIONS = {
    "Database restart under load": """\
Assessments (`POST /api/leads/assessments`) and signed Stripe events (`POST /webhooks/stripe`) are sent through
Caddy at a steady rate; halfway through, PostgreSQL is stopped (fast shutdown, every session cut) and started
again. Promised: every 201 the client got is a lead in the database afterwards; every event answered 2xx is
stored once and processed by billing's worker; outside the restart window (plus 3 s for pools to replace
dead connections; a request in flight at any moment of it counts as inside) every answer is 2xx; inside it
an answer is 2xx or a 503 in the error shape (`services/kit/errors.py` maps SQLAlchemy's connection errors
to 503 with `Retry-After`), never a hang (no request may go 15 s unanswered); no process is restarted by
hand and `/healthz` is 200 afterwards.""",
    "Redis outage during a burst": """\
The services keep their rate-limit counters in Redis (`REDIS_URL`). During a burst of assessments the Redis
server is stopped a third of the way in and started again two thirds in. Promised: the counters were in Redis
before, and no request fails while it is away (flask-limiter falls back to per-process counters,
`services/kit/rate_limits.py`).""",
    "Backup and restore": """\
After the load above, `services.kit.backups dump` (what `make backup` runs) takes pg_dump backups of the
leads, billing, newsletter and gateway databases, and `restore` (what `make restore` runs) loads them into
empty scratch databases and compares every table's row count with the backup's manifest.
`tests/kit/test_backups.py` (in `make test`) goes further on a small data set and compares every row.""",
    "Newsletter workers killed during a campaign": """\
A campaign goes to confirmed subscribers while newsletter worker processes are started and SIGKILLed at
random moments (0.4 to 2 s after each start); a last worker then finishes the send. Promised: no recipient
is missing at the SendGrid stand-in, and every recipient who got the campaign twice (a batch accepted by
SendGrid just before the kill) is flagged `possibly_duplicated`. A batch whose fate a kill left unknown is
flagged whole when it is sent again, so the flagged count may exceed the duplicates actually delivered.
`tests/newsletter/integration/test_worker_crashes.py` does the same with six kills in `make test`.""",
    "Billing workers killed during a Stripe event storm": """\
Members subscribe at the Stripe stand-in (some with cards that need authentication or start failing), the
clock moves on through renewals and dunning, and this run's events are delivered to `/webhooks/stripe`
shuffled and with repeats, while billing worker processes are SIGKILLed at random moments. A last worker
drains what is left (the periodic reconcile is switched off, so only the events can repair the mirror).
Promised: every delivery is answered 200, no event is left pending or failed, and every subscription and
invoice of the run is mirrored exactly as the stand-in holds it.""",
    "Hostile HTTP at the gateway": """\
Raw-socket requests against the real Caddy with recording upstreams behind it
(`tests/gateway/test_hostile_http.py`, `tests/gateway/test_upstream_framing.py`): `Content-Length` with
`Transfer-Encoding`, two `Content-Length`s, unknown or doubled transfer codings, a space before the colon,
absolute-form and authority-form targets (refused with 400 by `gateway/Caddyfile`), `%2e%2e` and `%2f` toward
`/internal`, 1 MiB of headers, no or two `Host` headers, a NUL in the target, `Connection` naming
`X-Forwarded-For`, `X-Real-IP` or `Content-Length`, a spoofed `X-Forwarded-For` from an untrusted peer, and
upstream answers with both framings or broken chunking. Promised: each is refused by Caddy before any
upstream, or (where HTTP itself says how to read it: obs-fold unfolded, a bare LF ending a line,
Transfer-Encoding winning over Content-Length) reaches the upstream only in Caddy's one clean reading, with
any request hidden behind it routed by Caddy on its own (so `/internal` still answers 404); a spoofed address
moves neither the rate-limit key nor the address the services record.""",
    "Soak at half capacity": """\
First the capacity: eight clients in a closed loop run the visit mix as fast as answers come. Then the same
mix at half that rate, open loop, for the soak's duration: the landing page, a full walk of the assessment
wizard (every step, as a browser without JavaScript), API assessments, newsletter sign-ups, the clinicians'
queue with a staff token, and signed Stripe events. Resident memory of every process (with its gunicorn
workers) is read from `/proc` every 5 s. Promised: no visit fails, and each process's memory at the end is
within 10% of its value after the first minute.""",
}

KNOBS = [
    ("PROOF_ONLY", "all", "comma-separated proofs to run: database_restart, worker_kills, hostile_http, soak"),
    ("PROOF_LOAD_SECONDS", "60", "length of the database restart run"),
    ("PROOF_LEAD_RATE", "8", "assessments per second during the restart run (twice that in the Redis burst)"),
    ("PROOF_WEBHOOK_RATE", "8", "Stripe events per second during the restart run"),
    ("PROOF_REDIS_BURST_SECONDS", "20", "length of the Redis outage burst"),
    ("PROOF_RECIPIENTS", "20000", "campaign recipients"),
    ("PROOF_CAMPAIGN_KILLS", "20", "SIGKILLs of newsletter workers"),
    ("PROOF_CAMPAIGN_RATE", "400", "campaign send rate per second (slow enough for every kill to land mid-send)"),
    ("PROOF_BILLING_MEMBERS", "60", "members whose Stripe history makes the event storm"),
    ("PROOF_BILLING_EVENTS", "2000", "Stripe event deliveries, at least 30% of them repeats"),
    ("PROOF_BILLING_KILLS", "10", "SIGKILLs of billing workers"),
    ("PROOF_CAPACITY_SECONDS", "20", "length of the capacity measurement"),
    ("PROOF_SOAK_SECONDS", "300", "length of the soak"),
]
