"""SendGrid's Event Webhook: verify, store, then suppress and count in the worker."""
