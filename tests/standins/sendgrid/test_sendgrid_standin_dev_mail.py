"""The dev mailbox: /dev/mail listing, stats, clearing, and the HTML viewer."""

from __future__ import annotations

import html
import re


def _send_to(standin, mail_body, *emails, **extra):
    """Send one message to each address, one request per address."""
    for email in emails:
        assert standin.send(mail_body(email, **extra)).status_code == 202


def test_mail_is_listed_newest_first_with_the_contract_fields(standin, mail_body, new_email):
    """GET /dev/mail lists the latest message first, with the fields the checks rely on."""
    first, second = new_email("first"), new_email("second")
    _send_to(standin, mail_body, first, second)
    listed = standin.dev("GET", "/dev/mail").json()
    assert [m["to"] for m in listed] == [second, first]
    for key in ("to", "subject", "html", "text", "headers", "categories", "custom_args", "sent_at", "id", "message_id"):
        assert key in listed[0]


def test_mail_can_be_filtered_by_recipient_and_paged(standin, mail_body, new_email):
    """to= selects one address (any case); limit and offset page newest first."""
    ana, ben = new_email("ana"), new_email("ben")
    _send_to(standin, mail_body, ana, ben, ana, ana)
    assert len(standin.dev("GET", "/dev/mail", params={"to": ana.upper()}).json()) == 3
    page = standin.dev("GET", "/dev/mail", params={"limit": 2, "offset": 1}).json()
    assert [m["to"] for m in page] == [ana, ben]
    assert standin.dev("GET", "/dev/mail", params={"offset": 10}).json() == []


def test_mail_can_be_filtered_by_category_and_batch(standin, mail_body, new_email):
    """category= and batch_id= select one campaign's messages."""
    _send_to(standin, mail_body, new_email(), categories=["welcome"])
    _send_to(standin, mail_body, new_email(), new_email(), categories=["campaign"], batch_id="b-7")
    assert len(standin.dev("GET", "/dev/mail", params={"category": "campaign"}).json()) == 2
    assert len(standin.dev("GET", "/dev/mail", params={"batch_id": "b-7"}).json()) == 2
    assert len(standin.dev("GET", "/dev/mail", params={"category": "welcome"}).json()) == 1


def test_stats_count_messages_per_recipient_and_show_duplicates(standin, mail_body, new_email):
    """GET /dev/mail/stats gives totals and per-recipient counts, overall or per category."""
    ana, ben = new_email("ana"), new_email("ben")
    _send_to(standin, mail_body, ana, ben, ana, categories=["campaign"])
    _send_to(standin, mail_body, ben, categories=["welcome"])
    stats = standin.dev("GET", "/dev/mail/stats").json()
    assert stats["total"] == 4
    assert stats["per_recipient"] == {ana: 2, ben: 2}
    assert stats["duplicates"] == {ana: 2, ben: 2}
    campaign = standin.dev("GET", "/dev/mail/stats", params={"category": "campaign"}).json()
    assert campaign["total"] == 3 and campaign["per_recipient"] == {ana: 2, ben: 1}
    assert campaign["duplicates"] == {ana: 2}


def test_delete_clears_the_mailbox(standin, mail_body):
    """DELETE /dev/mail empties the list and the stats."""
    _send_to(standin, mail_body, "someone@example.com")
    assert standin.dev("DELETE", "/dev/mail").status_code == 204
    assert standin.dev("GET", "/dev/mail").json() == []
    assert standin.dev("GET", "/dev/mail/stats").json()["total"] == 0


def test_bad_paging_parameters_get_field_errors(standin):
    """A non-numeric limit is a 400 in the project's error shape."""
    response = standin.dev("GET", "/dev/mail", params={"limit": "lots"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"limit": ["Must be a whole number of 0 or more."]}


def test_the_viewer_lists_messages_and_links_to_each(standin, mail_body, new_email):
    """GET /dev/mail/view is an HTML page with subject, recipient and a link per message."""
    email = new_email()
    _send_to(standin, mail_body, email, subject="Your <b>assessment</b>")
    message = standin.dev("GET", "/dev/mail").json()[0]
    page = standin.dev("GET", "/dev/mail/view")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert f'href="/dev/mail/{message["id"]}"' in page.text
    assert email in page.text
    assert "Your &lt;b&gt;assessment&lt;/b&gt;" in page.text


def test_a_message_page_shows_the_html_body_in_a_sandboxed_srcdoc_frame(standin, mail_body, new_email):
    """The HTML body is escaped into srcdoc of a sandboxed iframe, never inlined into the page."""
    body_html = '<p class="x">Hi</p><script>alert(1)</script>'
    _send_to(standin, mail_body, new_email(), content=[{"type": "text/html", "value": body_html}])
    message = standin.dev("GET", "/dev/mail").json()[0]
    page = standin.dev("GET", f"/dev/mail/{message['id']}")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page.text
    srcdoc = re.search(r'srcdoc="([^"]*)"', page.text)
    assert srcdoc is not None and html.unescape(srcdoc.group(1)) == body_html


def test_a_message_is_also_available_as_json(standin, mail_body, new_email):
    """Accept: application/json on /dev/mail/<id> returns the message itself."""
    _send_to(standin, mail_body, new_email())
    message = standin.dev("GET", "/dev/mail").json()[0]
    response = standin.dev("GET", f"/dev/mail/{message['id']}", headers={"Accept": "application/json"})
    assert response.json() == message


def test_an_unknown_message_id_is_404(standin):
    """A made-up id is answered 404 in the project's error shape."""
    response = standin.dev("GET", "/dev/mail/no-such-id")
    assert response.status_code == 404
    assert response.json()["code"] == 404
