"""Every service's pages share the footer built from the clinic profile, with links to the legal documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from services.kit.clinic_profile import DEFAULT_PROFILE
from services.kit.legal_documents import load_legal_library
from services.leads.app import create_app


def test_a_service_page_footer_reads_the_profile_named_by_the_environment(
    service_env: Callable[..., dict[str, str]], tmp_path: Path
) -> None:
    """The leads contact page's footer shows the profile's clinic, phone link, service area and every document."""
    profile = tmp_path / "clinic.toml"
    text = DEFAULT_PROFILE.read_text(encoding="utf-8").replace(
        'name = "Harbor Wellness"', 'name = "Lantern Bay Health"'
    )
    profile.write_text(text.replace("+18135550142", "+12015550177"), encoding="utf-8")
    app = create_app(service_env("leads", LOG_LEVEL="WARNING", CLINIC_PROFILE_PATH=str(profile)))
    try:
        page = app.test_client().get("/contact")
    finally:
        app.extensions["container"].db.dispose()
    assert page.status_code == 200
    footer = page.get_data(as_text=True).split('<footer class="site-footer">')[1]
    assert "<strong>Lantern Bay Health</strong>" in footer
    assert '<a href="tel:+12015550177">(201) 555-0177</a>' in footer
    assert "Florida (all 67 counties) and New Jersey (all 21 counties)" in footer
    for document in load_legal_library().all_current():
        assert f'<a href="{document.canonical_url}">{document.short_title}</a>' in footer
