"""Run the SendGrid stand-in: python -m standins.sendgrid --port 8125."""

from __future__ import annotations

import argparse
import logging
import os

from werkzeug.serving import make_server

from standins.sendgrid.app import create_app
from standins.sendgrid.config import config_from_env
from standins.sendgrid.state import state_of


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, then serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m standins.sendgrid", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("SENDGRID_STANDIN_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SENDGRID_STANDIN_PORT", "8125")))
    parser.add_argument("--event-webhook-url", help="overrides SENDGRID_STANDIN_EVENT_WEBHOOK_URL")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    config = config_from_env(os.environ)
    if args.event_webhook_url:
        config["EVENT_WEBHOOK_URL"] = args.event_webhook_url
    app = create_app(config)
    state = state_of(app)
    server = make_server(args.host, args.port, app, threaded=True)
    log = logging.getLogger("standins.sendgrid")
    log.info("SendGrid stand-in on http://%s:%s (dev mail viewer at /dev/mail/view)", args.host, server.server_port)
    log.info("event webhook: %s", state.dispatcher.url or "off")
    log.info("event webhook public key: %s", state.signer.public_key)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        state.close()


if __name__ == "__main__":
    main()
