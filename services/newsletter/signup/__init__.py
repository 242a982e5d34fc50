"""Sign-up, double opt-in and the emails that go with it."""
