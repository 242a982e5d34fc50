"""The clinic's frequently asked questions, built from its profile so prices and places are never stale."""

from __future__ import annotations

from dataclasses import dataclass

from services.kit.clinic_profile import ClinicProfile


@dataclass(frozen=True)
class FaqEntry:
    """One question with its answer: paragraphs, an optional list, an optional link to read more."""

    anchor: str
    question: str
    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...] = ()
    link: tuple[str, str] | None = None
    # Numbers to call straight from the page: (what it is, number as dialled).
    calls: tuple[tuple[str, str], ...] = ()

    @property
    def answer_text(self) -> str:
        """The whole answer as plain text, for structured data."""
        listed = ("; ".join(self.bullets) + ".",) if self.bullets else ()
        numbers = ("; ".join(label for label, _ in self.calls) + ".",) if self.calls else ()
        return " ".join(self.paragraphs + listed + numbers)


def faq_entries(clinic: ClinicProfile) -> tuple[FaqEntry, ...]:
    """Every question the FAQ page answers, in the order a new visitor tends to ask them."""
    price = clinic.membership.price_label
    states = " or ".join(state.name for state in clinic.service_area)
    return (
        FaqEntry(
            "price",
            f"What does the {price} membership include?",
            (
                f"The membership costs {price}. There are no separate charges for visits, check-ins or messages. "
                "It includes:",
            ),
            clinic.membership.includes,
            ("How billing and cancellation work, in the Terms of Use", "/terms#payments-cancellation-and-refunds"),
        ),
        FaqEntry(
            "free",
            "Are the assessment and the consultation really free?",
            (
                "Yes. The online assessment and the consultation call cost nothing and commit you to nothing. "
                "You pay for the membership only when you decide to go ahead.",
            ),
        ),
        FaqEntry(
            "consultations",
            "How do consultations work?",
            (
                "After the free assessment you choose times that suit you, and a member of our care team calls you. "
                "It is a short call: we explain how treatment at home works, answer your questions "
                "and, if you want to go ahead, explain the next steps. Nothing is prescribed on this call.",
                f"If you join, your first medical visit is a video appointment with a physician licensed in your "
                f"state. They go through your health, your medications and your answers with you and decide with you "
                f"whether ketamine is safe and suitable for you. You need to be in {states} during every visit.",
            ),
            link=("How telehealth visits work", "/telehealth-consent"),
        ),
        FaqEntry(
            "refunds",
            "Can I cancel? Will I get a refund?",
            (
                "You can cancel at any time from your billing page; we email you a secure sign-in link, so there is "
                "no password to remember. Canceling stops the next payment, and your care continues until the end "
                "of the month you have already paid for.",
                "If the clinician decides at your first medical visit that ketamine treatment is not right for you, "
                "we cancel your membership and refund everything you paid for it, in full. You do not need to ask.",
            ),
            link=("Payments, cancellation and refunds in the Terms of Use", "/terms#payments-cancellation-and-refunds"),
        ),
        FaqEntry(
            "breastfeeding",
            "I am breastfeeding. Can I still be treated?",
            (
                "Tell us in the assessment. Breastfeeding does not rule you out, but it always means a clinician "
                "reviews your case and talks it through with you before any decision.",
                "Ketamine passes into breast milk, and there is not much research on it, so the choice is made "
                "together with your clinician. Many mothers pump and store milk before a session, then pump and "
                "discard milk for a period afterwards; your clinician tells you how long that period is for you.",
                "If you are pregnant, we do not offer ketamine treatment, and our team will help you find other care.",
            ),
        ),
        FaqEntry(
            "fda",
            "Is ketamine approved by the FDA for depression?",
            (
                "Not the ketamine we prescribe. Ketamine is approved by the FDA as an anesthetic. Prescribing it for "
                "depression, anxiety, PTSD or pain is an off-label use, and compounded ketamine is not FDA-approved "
                "for any use. Your clinician explains what that means before you decide.",
            ),
            link=("Read our medical and FDA disclaimer", "/disclaimer"),
        ),
        FaqEntry(
            "who",
            "Who can be treated?",
            (
                f"Adults aged 18 or over who live in {clinic.service_area_line}. If you live somewhere else, you can "
                "join the waiting list and we will tell you if we start treating patients in your state.",
            ),
            link=("Meet our clinicians", "/about"),
        ),
        FaqEntry(
            "crisis",
            "What if I need help right now?",
            (
                "This clinic is not an emergency service, and our team does not watch messages around the clock. "
                "If you or someone else is in immediate danger, call 911. The 988 Suicide & Crisis Lifeline answers "
                "calls and texts at any time, and pregnant and new mothers can also call or text the National "
                "Maternal Mental Health Hotline.",
            ),
            calls=(
                ("Emergency: 911", "911"),
                ("988 Suicide & Crisis Lifeline: call or text 988", "988"),
                ("National Maternal Mental Health Hotline: 1-833-TLC-MAMA (1-833-852-6262)", "18338526262"),
            ),
        ),
    )
