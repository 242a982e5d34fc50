"""nginx from Debian as a reference proxy for the gateway benchmark: keep-alive upstream, our security headers."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.support.servers import ProcessServer

NGINX = "/usr/sbin/nginx"
# The same headers Caddy adds, so the two proxies do comparable work per answer.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self';"
    " object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def ensure_nginx() -> str | None:
    """Find nginx, installing Debian's nginx-light when running as root; None when it cannot be had."""
    found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], check=False, env=env)
        found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    return found


def nginx_config(upstream: str, port: int, state: Path) -> str:
    """Write an nginx.conf proxying 127.0.0.1:`port` to `upstream` over pooled keep-alive connections."""
    headers = "\n".join(f'            add_header {name} "{value}" always;' for name, value in HEADERS.items())
    return f"""
worker_processes 2;
daemon off;
pid {state}/nginx.pid;
error_log {state}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log {state}/access.log;
    client_body_temp_path {state}/body;
    proxy_temp_path {state}/proxy;
    fastcgi_temp_path {state}/fastcgi;
    uwsgi_temp_path {state}/uwsgi;
    scgi_temp_path {state}/scgi;
    upstream app {{
        server {upstream.removeprefix("http://")};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $remote_addr;
{headers}
        }}
    }}
}}
"""


def nginx_front(nginx: str, upstream: str, port: int, state: Path) -> ProcessServer:
    """Configure nginx on `port` in front of `upstream`; started as a context manager."""
    state.mkdir(parents=True, exist_ok=True)
    config = state / "nginx.conf"
    config.write_text(nginx_config(upstream, port, state))
    argv = [nginx, "-c", str(config), "-p", str(state)]
    return ProcessServer(argv, {}, ready_url=f"http://127.0.0.1:{port}/healthz", log=state / "out.log")
