"""Create the membership's product and price idempotently: `python -m services.billing.catalog`."""

from __future__ import annotations

import argparse
import json

from services.billing.bootstrap import build_container, parts_of
from services.billing.catalog.stripe_catalog import ensure_catalog


def main(argv: list[str] | None = None) -> None:
    """Ensure the catalog at the configured Stripe account (or stand-in) and print the ids."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    parts = parts_of(build_container())
    result = ensure_catalog(parts.catalog, parts.plan)
    print(json.dumps({"product_id": result.product_id, "price_id": result.price_id, "created": list(result.created)}))


if __name__ == "__main__":
    main()
