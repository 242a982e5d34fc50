"""Run the next-step email jobs the way the worker does, and read what they sent."""

from __future__ import annotations

import re

from services.kit.email import EmailMessage
from services.kit.email_jobs import SendEmailJob
from services.leads.assessments.next_step_mail import NEXT_STEP_EMAIL_JOB, NextStepEmailJob
from services.leads.bootstrap import LeadsParts
from tests.leads.integration.db_rows import outbox_jobs
from tests.leads.integration.fakes import RecordingSender

LINK = re.compile(r"https?://[^\s\"<>]+/assessment/result/([A-Za-z0-9_.\-]+)")
# Condition, questionnaire, treatment and answer words that must never appear in the email (whole words).
HEALTH_WORDS = (
    "depression",
    "depressed",
    "depressive",
    "anxiety",
    "anxious",
    "ketamine",
    "phq",
    "phq-9",
    "epds",
    "gad",
    "gad-7",
    "suicide",
    "suicidal",
    "self-harm",
    "harm",
    "pregnancy",
    "pregnant",
    "breastfeeding",
    "postpartum",
    "perinatal",
    "psychosis",
    "bipolar",
    "mania",
    "medication",
    "medications",
    "medicine",
    "sertraline",
    "mental",
    "crisis",
    "988",
    "therapy",
    "treatment",
    "score",
    "scores",
    "diagnosis",
    "severity",
    "eligible",
    "baby",
    "birth",
)
# Longest first, so "PHQ-9" is reported whole rather than as "PHQ".
_ALTERNATIVES = "|".join(re.escape(w) for w in sorted(HEALTH_WORDS, key=len, reverse=True))
HEALTH = re.compile(r"\b(" + _ALTERNATIVES + r")\b", re.IGNORECASE)


def next_step_jobs(parts: LeadsParts) -> list[dict]:
    """Payloads of the queued next-step emails, oldest first."""
    return [j["payload"] for j in outbox_jobs(parts, NEXT_STEP_EMAIL_JOB)]


def deliver(parts: LeadsParts) -> list[EmailMessage]:
    """Run every queued next-step job through the worker's handler; return the messages sent."""
    recorder = RecordingSender()
    handler = NextStepEmailJob(parts, SendEmailJob(recorder))
    for payload in next_step_jobs(parts):
        handler(payload)
    return recorder.sent


def health_words(message: EmailMessage) -> list[str]:
    """Every health word found in the subject, text or HTML of a message."""
    return HEALTH.findall(" ".join([message.subject, message.text or "", message.html or ""]))
