"""docker-compose.yml is a valid Compose file whose every command names something that exists."""

from __future__ import annotations

import importlib
import importlib.util
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from services.kit.config import ConfigError
from tests.support.vendor_specs import load_vendor_spec

ROOT = Path(__file__).resolve().parents[2]
OUR_IMAGE = "clinic-marketing:latest"


@pytest.fixture(scope="module")
def compose() -> dict:
    """The parsed compose file, anchors and merge keys resolved."""
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_compose_file_validates_against_the_compose_spec(compose):
    """The file satisfies the published JSON Schema of the Compose format."""
    schema = load_vendor_spec("compose-spec", "compose-spec.json")
    jsonschema.validate(compose, schema, cls=jsonschema.Draft7Validator)


def test_the_production_shape_is_all_there(compose):
    """PostgreSQL, Redis, migrations, three services, their workers and the gateway's, with health checks."""
    services = compose["services"]
    expected = {"postgres", "redis", "migrate", "gateway", "gateway-worker"} | {
        f"{s}{k}" for s in ("leads", "billing", "newsletter") for k in ("", "-worker")
    }
    assert expected <= set(services)
    for name in ("postgres", "redis", "gateway", "leads", "billing", "newsletter"):
        assert "healthcheck" in services[name], name
    assert services["migrate"]["command"][-2:] == ["services.kit.migrate", "all"]


def _check_command(argv: list[str]) -> None:
    """Fail unless the program, module or WSGI factory the command names exists in this repository."""
    if argv[0] == "python" and argv[1] == "-m":
        assert importlib.util.find_spec(argv[2]) is not None, argv[2]
    elif argv[0] == "gunicorn":
        config = argv[argv.index("-c") + 1]
        assert (ROOT / config).exists(), config
        module, _, factory = argv[-1].partition(":")
        assert callable(getattr(importlib.import_module(module), factory.removesuffix("()"))), argv[-1]
    elif argv[0] == "python" and argv[1] == "-c":
        compile(argv[2], "<healthcheck>", "exec")
    else:
        assert shutil.which(argv[0]) or argv[0] in {"pg_isready", "redis-cli", "redis-server"}, argv[0]


def test_every_command_names_something_that_exists(compose):
    """Each command and health check points at a real module, factory or program."""
    checked = 0
    for service in compose["services"].values():
        if service.get("image") == OUR_IMAGE and "command" in service:
            _check_command(service["command"])
            checked += 1
        test = service.get("healthcheck", {}).get("test")
        if test and test[0] == "CMD" and test[1] == "python":
            _check_command(test[1:])
    assert checked == 9  # migrate, three services, four workers, the gateway app


def test_the_dockerfile_copies_only_what_exists():
    """Every COPY source in the Dockerfile is in the repository."""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


def test_the_env_example_names_every_production_secret(compose):
    """With .env.example's names filled in, every process's production settings load."""
    names = re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    env = {name: "set" for name in names}
    env.update({k: str(v) for k, v in compose["x-app"]["environment"].items()})
    env["APP_ENV"] = "production"
    for module in (
        "services.leads.settings",
        "services.billing.settings",
        "services.newsletter.settings",
        "gateway.settings",
    ):
        try:
            importlib.import_module(module).load_settings(env)
        except ConfigError as exc:  # pragma: no cover - the message names what is missing
            pytest.fail(f"{module}: {exc}")
