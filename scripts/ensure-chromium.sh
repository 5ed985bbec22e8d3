#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (a browser download is impossible here).
# Installs it, with the CJK fonts that Chinese text needs, when missing and the machine allows.
set -euo pipefail
# The font list is read whole, then matched: `fc-list | grep -q` under pipefail
# fails with SIGPIPE when grep stops reading early, which reinstalled Chromium
# on every run (and failed `npm test` for anyone not root).
has_cjk_font() {
  local fonts
  fonts="$(fc-list 2>/dev/null || true)"
  [[ "${fonts,,}" == *"noto sans cjk"* ]]
}
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ] && has_cjk_font; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null && exit 0
fi
echo "Browser tests need Debian's Chromium and CJK fonts. Install them with:" >&2
echo "  sudo apt-get install -y chromium fonts-noto-cjk" >&2
exit 1
