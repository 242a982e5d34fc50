"""Run the Stripe stand-in: `python -m standins.stripe --port 12111`."""

from __future__ import annotations

import argparse
import logging

from werkzeug.serving import run_simple

from .app import create_app
from .dev_seed import seed_sample_promotion


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m standins.stripe", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    # One process only: all state lives in this process's memory.
    app = create_app()
    seed_sample_promotion(app)  # only the dev server gets it; tests build their own app from a clean store
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
