"""What search engines and link previews read about the assessment's first page."""

from __future__ import annotations

from flask import current_app

from services.kit.page_meta import PageMeta


def assessment_meta() -> PageMeta:
    """The assessment's description, canonical address and structured data."""
    public_url: str = current_app.jinja_env.globals["public_url"]  # type: ignore[assignment]
    clinic_name: str = current_app.jinja_env.globals["clinic_name"]  # type: ignore[assignment]
    title = "See If You Qualify — Free Assessment"
    description = (
        "A free, private assessment for at-home ketamine therapy: standard questions about your mood, your health "
        "and your medications, with a first indication of whether treatment could be right for you."
    )
    return PageMeta(
        title=f"{title} · {clinic_name}",
        description=description,
        path="/assessment",
        structured=(
            {
                "@context": "https://schema.org",
                "@type": "MedicalWebPage",
                "name": title,
                "description": description,
                "url": f"{public_url}/assessment",
                "inLanguage": "en-US",
                "publisher": {"@type": "MedicalClinic", "@id": f"{public_url}/about#clinic", "name": clinic_name},
            },
        ),
    )
