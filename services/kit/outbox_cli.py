"""List and retry dead-lettered outbox jobs: `python -m services.kit.outbox_cli SERVICE {dead,retry,stats} [ID]`."""

from __future__ import annotations

import argparse
import importlib
import json

from services.kit.container import Container


def load_container(service: str) -> Container:
    """Build the named service's container from the environment."""
    module = importlib.import_module(f"services.{service}.bootstrap")
    return module.build_container()


def main(argv: list[str] | None = None) -> None:
    """Run the outbox command."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", choices=("leads", "billing", "newsletter"))
    parser.add_argument("action", choices=("dead", "retry", "stats"))
    parser.add_argument("job_id", nargs="?", type=int)
    parser.add_argument("--all", action="store_true", help="retry every dead job")
    args = parser.parse_args(argv)
    store = load_container(args.service).outbox
    if args.action == "dead":
        for row in store.dead_letters():
            print(json.dumps(row, default=str))
    elif args.action == "stats":
        print(json.dumps(store.counts()))
    else:
        if args.job_id is None and not args.all:
            parser.error("give a job id or --all")
        print(f"requeued {store.retry(args.job_id)} job(s)")


if __name__ == "__main__":
    main()
