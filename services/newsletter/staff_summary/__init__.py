"""The newsletter's figures on the staff home."""
