"""Run a service's Alembic migrations: `python -m services.kit.migrate SERVICE|all [upgrade|revision -m MSG]`."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Mapping
from pathlib import Path

from alembic import command
from alembic.config import Config

SERVICES = ("leads", "billing", "newsletter")
ROOT = Path(__file__).resolve().parents[2]


def alembic_config(service: str, url: str) -> Config:
    """Build the Alembic config for `service` pointed at `url`, with no ini file."""
    if service == "gateway":
        location = ROOT / "gateway" / "migrations"
    else:
        location = ROOT / "services" / service / "migrations"
    cfg = Config()
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["url"] = url
    return cfg


def settings_url(service: str, env: Mapping[str, str] | None = None) -> str:
    """Read the database URL a service would use."""
    module = importlib.import_module(f"services.{service}.settings" if service != "gateway" else "gateway.settings")
    return str(module.load_settings(env).database_url)


def upgrade(service: str, url: str | None = None, env: Mapping[str, str] | None = None) -> None:
    """Bring `service`'s database to the newest revision."""
    from services.kit.db import make_engine, normalise_url

    url = normalise_url(url or settings_url(service, env))
    make_engine(url).dispose()  # creates the SQLite file's folder when needed
    command.upgrade(alembic_config(service, url), "head")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the migration command."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", choices=(*SERVICES, "gateway", "all"))
    parser.add_argument("action", nargs="?", default="upgrade", choices=("upgrade", "revision"))
    parser.add_argument("-m", "--message", default="change")
    args = parser.parse_args(argv)
    targets = (*SERVICES, "gateway") if args.service == "all" else (args.service,)
    for service in targets:
        if args.action == "upgrade":
            upgrade(service)
            print(f"{service}: migrated")
        else:
            from services.kit.db import normalise_url

            cfg = alembic_config(service, normalise_url(settings_url(service)))
            command.revision(cfg, message=args.message, autogenerate=True)


if __name__ == "__main__":
    main()
