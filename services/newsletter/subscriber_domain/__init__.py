"""Pure rules about newsletter subscribers: topics, signed links, CSV import (no Flask, no SQLAlchemy)."""
