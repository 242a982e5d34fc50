"""Local stand-in for the parts of SendGrid the project uses (Mail Send and the Event Webhook)."""

from standins.sendgrid.app import create_app

__all__ = ["create_app"]
