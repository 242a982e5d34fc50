"""Emails to the clinic's own team about new records: a link only, never what the record says."""
