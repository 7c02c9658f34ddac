#!/bin/sh
# Installs Debian's chromium for the web-chat browser tests. Without root (and without sudo)
# the browser tests are skipped with a reason, unless JEUGDBOT_REQUIRE_BROWSER=1 (CI).
set -e
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "chromium not installed and no root: browser tests will be skipped" >&2; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq chromium >/dev/null
