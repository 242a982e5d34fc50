"""A stand-in for the clinic's existing website on its own origin, with the call-to-action snippet pasted in.

`make run` serves it on http://127.0.0.1:8130 so the embed can be tried, and its CORS allowance seen
working, exactly as the clinic's real site will use it (see docs/embed-call-to-action.md).
"""

from __future__ import annotations

import argparse
import html
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Our practice · sample clinic website</title>
  <style>
    body {{ margin: 0; font-family: Georgia, "Times New Roman", serif; color: #222; background: #f4f1ea;
      line-height: 1.6; }}
    header {{ background: #3b4a6b; color: #fff; padding: 1rem; }}
    main {{ max-width: 40rem; margin: 0 auto; padding: 1rem; }}
    .clinic-cta {{ background: #fff; border: 1px solid #ccc; border-radius: 8px; padding: 1rem; margin: 1.5rem 0; }}
    .clinic-cta-button {{ display: inline-block; background: #2f6f6a; color: #fff; padding: .8rem 1.2rem;
      border-radius: 8px; text-decoration: none; font-weight: bold; }}
    .clinic-cta label {{ display: block; font-weight: bold; margin-top: .5rem; }}
    .clinic-cta-hint {{ font-size: .9rem; color: #555; }}
    .clinic-cta input[type=email] {{ width: 100%; padding: .6rem; font: inherit; box-sizing: border-box; }}
    .clinic-cta button {{ margin-top: .5rem; padding: .6rem 1.2rem; font: inherit; background: #3b4a6b; color: #fff;
      border: 0; border-radius: 8px; min-height: 44px; }}
  </style>
</head>
<body>
  <header><strong>Harbor Wellness</strong> · the clinic's existing website (sample)</header>
  <main>
    <h1>Welcome to our practice</h1>
    <p>This page stands in for the clinic's current website. The box below is the clinic's call to action,
      pasted in as two lines of HTML; it is drawn by a script from {site}.</p>
    <!-- The snippet the clinic pastes (docs/embed-call-to-action.md). -->
    <div data-clinic-cta data-source="clinic-site" data-campaign="sample-site"></div>
    <script src="{site}/embed/cta.js" async></script>
    <noscript><p><a href="{site}/assessment?utm_source=clinic-site&amp;utm_medium=embed">See If You Qualify
      — Free Assessment</a></p></noscript>
  </main>
</body>
</html>
"""


def handler_for(site: str) -> type[BaseHTTPRequestHandler]:
    """A request handler serving the sample page, pointing at the clinic system at `site`."""
    body = PAGE.format(site=html.escape(site.rstrip("/"))).encode()

    class SamplePage(BaseHTTPRequestHandler):
        """Answers / with the sample page and anything else with 404."""

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            """Serve the page."""
            if self.path.split("?")[0] != "/":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Keep the supervisor's output to the services' own lines."""

    return SamplePage


def main() -> None:
    """Serve the sample site until stopped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--site", default=os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000"))
    args = parser.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(args.site)).serve_forever()


if __name__ == "__main__":
    main()
