"""Privacy requests from the leads service, and how long the newsletter keeps what it holds."""
