#!/usr/bin/env bash
# The console's end-to-end test drives Debian's Chromium (never a browser downloaded by a test tool).
# Installs it where it is missing and this user may (root, apt); otherwise says how, and fails.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the console's end-to-end test..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "the console's end-to-end test needs Chromium: sudo apt-get install chromium" >&2
exit 1
