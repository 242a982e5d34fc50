"""gunicorn settings shared by every web process; each can be overridden by GUNICORN_* variables."""

import os

workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 30
graceful_timeout = 10
keepalive = 5
# Request lines go to our own JSON access log, which leaves out query strings (they may hold an address).
accesslog = None
errorlog = "-"
