"""Local stand-in for the parts of the Stripe API the billing service uses."""
