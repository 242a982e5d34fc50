"""The billing service's tables."""
from __future__ import annotations

from sqlalchemy import MetaData

from services.kit.infra_tables import add_infra_tables

metadata = MetaData()
infra = add_infra_tables(metadata)
