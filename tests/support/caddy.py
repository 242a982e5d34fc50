"""The real Caddy from .venv, started on free ports with gateway/Caddyfile, as `make run` starts it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.support.servers import ROOT, ProcessServer, free_port

CADDY = ROOT / ".venv" / "bin" / "caddy"
CADDYFILE = ROOT / "gateway" / "Caddyfile"


class CaddyServer(ProcessServer):
    """Caddy in front of the given upstreams; `url` is the public side, `admin_url` its admin endpoint."""

    def __init__(self, env: Mapping[str, str], state_dir: Path, log: Path | None = None, port: int | None = None):
        self.port = port or free_port()
        self.admin_port = free_port()
        state_dir.mkdir(parents=True, exist_ok=True)
        caddy_env = {
            "SITE_ADDRESS": f"http://:{self.port}",
            "CADDY_ADMIN": f"127.0.0.1:{self.admin_port}",
            # Caddy keeps autosaved config and certificates here; a test must not touch the user's.
            "XDG_CONFIG_HOME": str(state_dir / "config"),
            "XDG_DATA_HOME": str(state_dir / "data"),
            **env,
        }
        argv = [str(CADDY), "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
        super().__init__(argv, caddy_env, ready_url=f"{self.admin_url}/config/", log=log or state_dir / "caddy.log")

    @property
    def url(self) -> str:
        """Base URL of the public side."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin_url(self) -> str:
        """Base URL of Caddy's admin endpoint (config and /metrics)."""
        return f"http://127.0.0.1:{self.admin_port}"

    def start(self, timeout: float = 30) -> CaddyServer:
        """Start Caddy; if it refuses its configuration, say why in the error."""
        try:
            super().start(timeout)
        except RuntimeError as exc:
            said = self.log_path.read_text(errors="replace")[-2000:] if self.log_path else ""
            raise RuntimeError(f"{exc}\n{said}") from exc
        return self

    def __enter__(self) -> CaddyServer:
        return self.start()
