"""The compose file's Caddy is the official image with our Caddyfile, which adapts for production with HTTPS."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.support.caddy import CADDY, CADDYFILE

ROOT = Path(__file__).resolve().parents[2]


def adapted(env: dict[str, str]) -> dict:
    """Adapt gateway/Caddyfile to Caddy's JSON with `env` as the whole environment."""
    done = subprocess.run(
        [str(CADDY), "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout)


def test_compose_runs_the_official_caddy_image_with_our_caddyfile():
    """The caddy service uses caddy:2, mounts gateway/Caddyfile read-only and publishes 80 and 443."""
    caddy = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["caddy"]
    assert caddy["image"] == "caddy:2"
    assert "./gateway/Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert {"80:80", "443:443"} <= set(caddy["ports"])
    assert caddy["environment"]["GATEWAY_APP_URL"] == "http://gateway:8100"


def test_production_host_gets_automatic_https_and_hsts():
    """With a host name as the site address, Caddy serves it on 443 with automatic certificates and HSTS."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = {key: str(value) for key, value in compose["services"]["caddy"]["environment"].items()}
    env.update(SITE_ADDRESS="clinic.example", CORS_ORIGINS="https://clinic.example", TRUSTED_PROXY_RANGES="")
    config = adapted(env)
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]
    assert "automatic_https" not in server
    assert server["routes"][0]["match"] == [{"host": ["clinic.example"]}]
    assert "max-age=63072000; includeSubDomains" in json.dumps(config)


def test_development_answers_plain_http_without_hsts():
    """`make run`'s address is plain HTTP on loopback, and no browser is told to pin HTTPS."""
    config = adapted(
        {
            "SITE_ADDRESS": "http://:8000",
            "CADDY_BIND": "127.0.0.1",
            "LEADS_URL": "http://127.0.0.1:8101",
            "BILLING_URL": "http://127.0.0.1:8102",
            "NEWSLETTER_URL": "http://127.0.0.1:8103",
        }
    )
    assert config["apps"]["http"]["servers"]["srv0"]["listen"] == ["127.0.0.1:8000"]
    assert "Strict-Transport-Security" not in json.dumps(config)
