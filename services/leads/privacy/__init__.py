"""Encryption at rest, blind indexes, retention and erasure of personal data."""
