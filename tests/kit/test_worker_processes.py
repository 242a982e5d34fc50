"""Workers as real processes: a kill mid-job loses nothing and doubles nothing; claims never overlap."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, insert, select

from services.kit.db import Database
from services.kit.events import publish
from services.kit.outbox import OutboxStore, enqueue
from services.kit.worker import Worker
from tests.conftest import EVENTS_KEY
from tests.kit import sample_service
from tests.support.servers import ProcessServer, free_port, gunicorn_app, python_module
from tests.support.waiting import wait_until


def _sample_env(url: str, service: str, peers: dict[str, str], **extra: str) -> dict[str, str]:
    env = {
        "SAMPLE_SERVICE": service,
        f"{service.upper()}_DATABASE_URL": url,
        "EVENTS_SIGNING_KEY": EVENTS_KEY,
        "WORKER_POLL_SECONDS": "0.05",
        "OUTBOX_LEASE_SECONDS": "2",
    }
    env.update({f"{name.upper()}_URL": u for name, u in peers.items()})
    env.update(extra)
    return env


def test_a_worker_killed_mid_job_reruns_it_and_the_effect_happens_once(databases, tmp_path):
    """SIGKILL while the receiver handles an event: a new worker redelivers, the inbox keeps one effect."""
    sender_url = databases.create("leads", migrate=False)
    receiver_url = databases.create("billing", migrate=False)
    port = free_port()
    peers = {"billing": f"http://127.0.0.1:{port}"}
    receiver_env = _sample_env(receiver_url, "billing", peers)
    sender_env = _sample_env(sender_url, "leads", peers)
    sender = sample_service.build_container(sender_env)
    receiver = sample_service.build_container(receiver_env)
    marker = tmp_path / "handling"
    with sender.db.transaction() as session:
        event_id = publish(session, sender.infra.outbox, sample_service.SampleHappened(linger=1.0, marker=str(marker)))
    with ProcessServer(
        gunicorn_app("tests.kit.sample_service:create_app()", port),
        receiver_env,
        ready_url=f"http://127.0.0.1:{port}/metrics",
    ):
        first = ProcessServer(python_module("tests.kit.sample_service"), sender_env).start()
        wait_until(marker.exists, timeout=20)
        first.kill()
        assert sender.outbox.counts().get("done", 0) == 0
        with ProcessServer(python_module("tests.kit.sample_service"), sender_env):
            wait_until(lambda: sender.outbox.counts().get("done") == 1, timeout=30)
    with sender.db.transaction() as session:
        attempts = session.execute(select(sender.infra.outbox.c.attempts)).scalar()
    assert attempts == 2
    assert sample_service.effect_count(receiver, event_id) == 1


runs = Table(
    "job_runs",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("job", Integer),
    Column("worker", String(50)),
    Column("started", Float),
    Column("ended", Float),
)


def test_two_workers_never_run_the_same_job(databases):
    """Two workers on separate connections share 300 jobs: each runs once, never concurrently."""
    url = databases.create("leads")
    setup = Database(url)
    runs.metadata.create_all(setup.engine)
    from services.leads.tables import infra

    with setup.transaction() as session:
        for n in range(300):
            enqueue(session, infra.outbox, "record", {"n": n})

    def make_worker(name: str) -> Worker:
        db = Database(url)
        store = OutboxStore(db, infra.outbox, lease_seconds=60)

        def record(payload):
            started = time.monotonic()
            time.sleep(0.01)  # long enough that both workers are busy at once
            with db.transaction() as session:
                session.execute(
                    insert(runs).values(job=payload["n"], worker=name, started=started, ended=time.monotonic())
                )

        return Worker("leads", db, store, infra.heartbeat, {"record": record}, poll_interval=0.01, batch_size=5)

    workers = [make_worker("a"), make_worker("b")]
    threads = [threading.Thread(target=w.run, kwargs={"install_signals": False}) for w in workers]
    for thread in threads:
        thread.start()
    store = OutboxStore(setup, infra.outbox)
    wait_until(lambda: store.counts() == {"done": 300}, timeout=60)
    for worker in workers:
        worker.stopping.set()
    for thread in threads:
        thread.join(10)
    with setup.transaction() as session:
        rows = session.execute(select(runs.c.job, runs.c.worker)).all()
    assert sorted(r.job for r in rows) == list(range(300))
    assert {r.worker for r in rows} == {"a", "b"}
