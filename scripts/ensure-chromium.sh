#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (a browser download is impossible here).
# Installs it, with the CJK fonts that Chinese text needs, when missing and the machine allows.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto sans cjk"; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null && exit 0
fi
echo "Browser tests need Debian's Chromium and CJK fonts. Install them with:" >&2
echo "  sudo apt-get install -y chromium fonts-noto-cjk" >&2
exit 1
