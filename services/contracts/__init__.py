"""What the services say to each other: one frozen dataclass per event, importing no service."""
