#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when we can, otherwise stop before any test runs.
set -uo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
how="install it with: sudo apt-get install -y chromium (Debian/Ubuntu), then run make test again"

if [ -x "$chromium" ]; then
  exit 0
fi

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "make test needs Chromium at $chromium for the browser tests; $how" >&2
  exit 1
fi

echo "Chromium is missing: installing Debian's chromium package for the browser tests"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
  echo "make test could not install Chromium with apt-get (see the lines above); $how" >&2
  exit 1
fi

if [ ! -x "$chromium" ]; then
  echo "apt-get installed chromium but $chromium is still missing; $how" >&2
  exit 1
fi
