"""The CSV import page: upload with a consent source, map columns, the worker imports with progress, a report."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import requests
from sqlalchemy import func, select, update

from services.kit.db_types import utcnow
from services.kit.staff_auth import COOKIE
from services.newsletter.bootstrap import build_container, parts_of
from services.newsletter.subscriber_admin import import_jobs
from services.newsletter.tables import consents, subscriber_imports, subscribers
from tests.newsletter.local_stack import LocalStack
from tests.support.waiting import wait_until

CSRF = "csrf-test"


def _browser(stack: LocalStack, token: str) -> requests.Session:
    """A session carrying the staff sign-in cookie, as a browser would."""
    session = requests.Session()
    session.cookies.set(COOKIE, token, domain="127.0.0.1")
    return session


def _csv(rows: int, run: str) -> bytes:
    """A file whose columns are named otherwise, with every 1,000th line bad and one duplicate."""
    lines = ["Given name,E-mail,Notes"]
    for i in range(rows):
        email = f"not-an-address-{i}" if i % 1000 == 999 else f"p{i}-{run}@example.com"
        lines.append(f"Reader{i},{email},met at the fair")
    lines.append(f"Again,p0-{run}@example.com,")
    return ("\n".join(lines) + "\n").encode()


def _upload(browser: requests.Session, stack: LocalStack, content: bytes, source: str = "Tampa fair sheet") -> str:
    """Post the upload form; return the import page's URL."""
    answer = browser.post(
        stack.url + "/admin/newsletter/imports",
        data={"csrf_token": CSRF, "consent_source": source, "status": "confirmed"},
        files={"file": ("fair.csv", content, "text/csv")},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303, answer.text
    return stack.url + answer.headers["Location"]


def test_ten_thousand_rows_import_in_the_worker_with_progress_and_a_report(
    stack: LocalStack, staff_token: Callable[..., str]
) -> None:
    """The page maps the columns, the status endpoint climbs while the worker runs, the report lists bad lines."""
    run = uuid.uuid4().hex[:8]
    browser = _browser(stack, staff_token("marketer"))
    page_url = _upload(browser, stack, _csv(10_000, run))
    mapping_page = browser.get(page_url, timeout=10).text
    # The file's "E-mail" column is recognised; "Given name" needs choosing.
    assert '<option value="E-mail" selected>' in mapping_page and "Which column holds what?" in mapping_page
    import_id = int(page_url.rsplit("/", 1)[1])
    started = time.perf_counter()
    answer = browser.post(
        page_url + "/start",
        data={"csrf_token": CSRF, "email": "E-mail", "first_name": "Given name", "topics": ""},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303
    assert time.perf_counter() - started < 5  # the request only queues; the worker imports
    seen: set[int] = set()

    def finished() -> dict[str, int] | None:
        status = browser.get(f"{stack.url}/api/newsletter/imports/{import_id}", timeout=10).json()
        seen.add(status["processed_rows"])
        return status if status["state"] == "done" else None

    final = wait_until(finished, 120, interval=0.2)
    elapsed = time.perf_counter() - started
    print(f"\n10,000-row import through the page and worker: {elapsed:.1f} s")
    assert final["total_rows"] == 10_001 and final["processed_rows"] == 10_001
    assert final["imported"] == 9_990 and final["rejected"] == 11
    assert len([n for n in seen if 0 < n < 10_001]) >= 2, seen  # progress was visible along the way
    report = browser.get(page_url, timeout=10)
    assert report.headers["Cache-Control"] == "no-store"
    assert re.search(r'id="report-imported">9,990<', report.text) and re.search(
        r'id="report-rejected">11<', report.text
    )
    assert "Duplicate of line 2" in report.text and "Invalid email" in report.text
    listed = browser.get(stack.url + "/admin/newsletter/imports", timeout=10).text
    assert "<td>Finished</td><td>9,990</td>\n      <td>11</td>" in listed
    rejects = browser.get(page_url + "/rejected.csv", timeout=10).text.splitlines()
    assert rejects[0] == "line,reason,email" and len(rejects) == 12
    with stack.nl.db.transaction() as session:
        named = session.execute(
            select(subscribers.c.first_name).where(subscribers.c.email == f"p5-{run}@example.com")
        ).scalar_one()
        sources = session.execute(
            select(func.count()).where(consents.c.source == f"import-{import_id}", consents.c.action == "imported")
        ).scalar_one()
        source_text = session.execute(
            select(subscriber_imports.c.consent_source).where(subscriber_imports.c.id == import_id)
        ).scalar_one()
    assert named == "Reader5" and sources == 9_990 and source_text == "Tampa fair sheet"


def test_bad_uploads_and_mappings_are_refused_with_the_reason_and_store_nothing(
    stack: LocalStack, staff_token: Callable[..., str]
) -> None:
    """No consent source, no file, a non-UTF-8 file and a missing email column each come back in the page."""
    browser = _browser(stack, staff_token("marketer"))
    form = stack.url + "/admin/newsletter/imports"
    no_source = browser.post(
        form,
        data={"csrf_token": CSRF, "consent_source": " ", "status": "pending"},
        files={"file": ("a.csv", b"email\na@example.com\n", "text/csv")},
    )
    assert no_source.status_code == 422 and "Say where and how these people agreed" in no_source.text
    no_file = browser.post(form, data={"csrf_token": CSRF, "consent_source": "Fair", "status": "pending"})
    assert no_file.status_code == 422 and "Choose a CSV file" in no_file.text
    latin = browser.post(
        form,
        data={"csrf_token": CSRF, "consent_source": "Fair", "status": "pending"},
        files={"file": ("a.csv", "email,name\nb@example.com,Jos\xe9\n".encode("latin-1"), "text/csv")},
    )
    assert latin.status_code == 422 and "not UTF-8" in latin.text
    page_url = _upload(browser, stack, b"name,address\nAna,ana@example.com\n")
    unmapped = browser.post(page_url + "/start", data={"csrf_token": CSRF, "email": "", "first_name": "name"})
    assert unmapped.status_code == 422 and "Choose the column that holds the email addresses" in unmapped.text
    made_up = browser.post(page_url + "/start", data={"csrf_token": CSRF, "email": "mail", "first_name": ""})
    assert made_up.status_code == 422 and "no column named" in made_up.text
    with stack.nl.db.transaction() as session:
        states = session.execute(select(subscriber_imports.c.state)).scalars().all()
    assert states == ["mapping"]


def test_the_import_endpoints_answer_by_role(stack: LocalStack, staff_token: Callable[..., str]) -> None:
    """Upload, import, status and rejected lines: no token 401 (pages: sign-in), clinician 403, marketer 200."""
    page_url = _upload(_browser(stack, staff_token("marketer")), stack, b"email\nx@example.com\n")
    import_id = page_url.rsplit("/", 1)[1]
    for path in (
        "/admin/newsletter/imports",
        f"/admin/newsletter/imports/{import_id}",
        f"/api/newsletter/imports/{import_id}",
        f"/admin/newsletter/imports/{import_id}/rejected.csv",
    ):
        anonymous = requests.get(stack.url + path, timeout=10, allow_redirects=False)
        if path.startswith("/admin/"):  # a page sends someone without a session to sign in
            assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/staff/login"), path
        else:
            assert anonymous.status_code == 401, path
        for role, expected in (("clinician", 403), ("marketer", 200), ("admin", 200)):
            assert _browser(stack, staff_token(role)).get(stack.url + path).status_code == expected, (path, role)
    start = f"{stack.url}/admin/newsletter/imports/{import_id}/start"
    assert _browser(stack, staff_token("clinician")).post(start, data={"csrf_token": CSRF}).status_code == 403
    anonymous = requests.post(stack.url + "/admin/newsletter/imports", data={"csrf_token": CSRF}, allow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/staff/login")


def test_an_import_whose_worker_died_is_picked_up_again(stack: LocalStack, staff_token: Callable[..., str]) -> None:
    """A running import untouched for over half an hour is run again and finishes; nobody is added twice."""
    browser = _browser(stack, staff_token("marketer"))
    run = uuid.uuid4().hex[:6]
    content = f"email\na-{run}@example.com\nb-{run}@example.com\n".encode()
    page_url = _upload(browser, stack, content)
    import_id = int(page_url.rsplit("/", 1)[1])
    with stack.nl.db.transaction() as session:
        session.execute(
            update(subscriber_imports)
            .where(subscriber_imports.c.id == import_id)
            .values(
                state="running", mapping='{"email": "email"}', total_rows=2, started_at=utcnow() - timedelta(hours=1)
            )
        )
    status_url = f"{stack.url}/api/newsletter/imports/{import_id}"
    final = wait_until(lambda: (s := browser.get(status_url, timeout=10).json())["state"] == "done" and s, 30)
    assert final["imported"] == 2 and final["processed_rows"] == 2


def test_a_stopping_worker_puts_its_import_back_and_the_next_run_finishes_it(
    service_env: Callable[..., dict[str, str]],
) -> None:
    """Stopped after its first chunk, the import is queued again; the rerun adds the rest and skips those stored."""
    nl = parts_of(build_container(service_env("newsletter")))
    run = uuid.uuid4().hex[:6]
    content = ("email\n" + "".join(f"q{i}-{run}@example.com\n" for i in range(600))).encode()
    with nl.db.transaction() as session:
        import_id = import_jobs.create_upload(session, import_jobs.Upload("q.csv", content, "Fair", "confirmed"), "t")
        import_jobs.start(session, import_id, {"email": "email"})
    stopping = threading.Event()
    stopping.set()
    first = import_jobs.ImportRunner(nl, stopping)
    assert first.tick() == import_id and first.thread is not None
    first.thread.join(30)
    with nl.db.transaction() as session:
        stopped = import_jobs.load(session, import_id)
    assert (stopped.state, stopped.processed_rows) == ("queued", 0)
    second = import_jobs.ImportRunner(nl, threading.Event())
    assert second.tick() == import_id and second.thread is not None
    second.thread.join(30)
    with nl.db.transaction() as session:
        done = import_jobs.status(import_jobs.load(session, import_id))
    nl.db.dispose()
    assert (done["state"], done["imported"], done["already_listed"]) == ("done", 100, 500)
