"""What a subscriber does through their signed links: topics, pause, unsubscribe, export, erase."""
