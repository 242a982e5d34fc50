"""Privacy requests from the leads service, and how long billing keeps what it holds."""
