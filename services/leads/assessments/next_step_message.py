"""The next-step email: what happens next, in plain words, and a link back; no scores, answers or conditions.

Someone else in the home may read it, so it names no condition, questionnaire or treatment.
"""

from __future__ import annotations

from html import escape

from services.kit.email import EmailMessage, Recipient
from services.leads.catalogue.page_texts import page_catalogue
from services.leads.settings import LeadsSettings

STEP_OUTCOMES = ("likely_eligible", "needs_review", "not_eligible", "out_of_area")


def next_step_message(
    settings: LeadsSettings, email: str, first_name: str, outcome: str, link: str, *, new_link: bool = False
) -> EmailMessage:
    """Build the email for one result; `new_link` when the visitor asked for a fresh link."""
    t = page_catalogue("en").t
    step = t(f"next_step_mail.steps.{outcome if outcome in STEP_OUTCOMES else 'needs_review'}")
    paragraphs = [
        t("next_step_mail.greeting", first_name=first_name),
        t("next_step_mail.intro_new_link" if new_link else "next_step_mail.intro"),
        step,
    ]
    note = t("next_step_mail.link_note", days=settings.result_email_link_days)
    footer = [t("next_step_mail.not_you"), f"{settings.clinic_name} · {settings.clinic_postal_address}"]
    label = t("next_step_mail.link_label")
    text = "\n\n".join([*paragraphs, f"{label}: {link}", note, *footer])
    button = (
        f'<p><a href="{escape(link)}" style="display:inline-block;padding:12px 20px;background:#1f5f5b;'
        f'color:#ffffff;border-radius:6px;text-decoration:none">{escape(label)}</a></p>'
    )
    html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + button + f"<p>{escape(note)}</p>"
    html += "".join(f'<p style="color:#555555;font-size:13px">{escape(line)}</p>' for line in footer)
    return EmailMessage(
        from_email=settings.mail_from,
        from_name=settings.clinic_name,
        subject=t("next_step_mail.subject", clinic=settings.clinic_name),
        html=html,
        text=text,
        recipients=(Recipient(email=email, name=first_name),),
        categories=("next_step",),
    )
