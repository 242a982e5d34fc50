"""schema.org JSON-LD for the clinic pages: MedicalClinic with its Physicians, and the FAQ as FAQPage."""

from __future__ import annotations

from typing import Any

from gateway.faq_entries import FaqEntry
from services.kit.clinic_profile_model import Clinician, ClinicProfile

CONTEXT = "https://schema.org"


def clinic_data(clinic: ClinicProfile, public_url: str) -> dict[str, Any]:
    """Describe the clinic: contact, address, hours, where it treats, its price and its clinicians."""
    return {
        "@context": CONTEXT,
        "@type": "MedicalClinic",
        "@id": f"{public_url}/about#clinic",
        "name": clinic.name,
        "legalName": clinic.legal_name,
        "url": f"{public_url}/",
        "telephone": clinic.phone,
        "email": clinic.email,
        "medicalSpecialty": "Psychiatric",
        "priceRange": clinic.membership.price_label,
        "address": postal_address(clinic),
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": list(block.days),
                "opens": block.opens,
                "closes": block.closes,
            }
            for block in clinic.hours
        ],
        "areaServed": [{"@type": "State", "name": state.name} for state in clinic.service_area],
        "employee": [clinician_data(person, clinic, public_url) for person in clinic.clinicians],
    }


def clinician_data(person: Clinician, clinic: ClinicProfile, public_url: str) -> dict[str, Any]:
    """Describe one clinician: a Physician for MDs and DOs, a Person with a job title otherwise."""
    data: dict[str, Any] = {
        "@type": "Physician" if person.is_physician else "Person",
        "name": person.display_name,
        "description": person.role,
    }
    if person.is_physician:
        data.update(
            medicalSpecialty="Psychiatric",
            telephone=clinic.phone,
            address=postal_address(clinic),
            worksFor={"@id": f"{public_url}/about#clinic"},
        )
    else:
        data.update(jobTitle=person.role, worksFor={"@id": f"{public_url}/about#clinic"})
    return data


def postal_address(clinic: ClinicProfile) -> dict[str, str]:
    """The clinic's address as a PostalAddress (physicians see patients at the clinic's address of record)."""
    return {
        "@type": "PostalAddress",
        "streetAddress": clinic.address.street,
        "addressLocality": clinic.address.city,
        "addressRegion": clinic.address.state,
        "postalCode": clinic.address.postal_code,
        "addressCountry": "US",
    }


def faq_data(entries: tuple[FaqEntry, ...]) -> dict[str, Any]:
    """Describe the FAQ page's questions and answers."""
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer_text},
            }
            for entry in entries
        ],
    }
