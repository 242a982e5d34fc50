"""Wait until the gateway says every service is up, print where to open it, then keep the supervisor company."""

from __future__ import annotations

import os
import threading
import time

import requests


def main() -> None:
    """Poll the gateway's /healthz and print the URL once it answers 200."""
    url = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                print(
                    f"\n  Ready: open {url}\n  Staff sign-in: {url}/staff/login   Dev mail: {url}/dev/mail/view\n",
                    flush=True,
                )
                break
        except requests.RequestException:
            pass
        time.sleep(0.5)
    else:
        print(f"  Still waiting for {url}/healthz; see the lines above for the service that is not up.", flush=True)
    # The supervisor stops everything when one process ends, so this one stays until Ctrl-C.
    threading.Event().wait()


if __name__ == "__main__":
    main()
