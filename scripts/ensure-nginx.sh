#!/usr/bin/env bash
# The nginx browser test runs deploy/nginx.conf for real. Installs Debian's
# nginx-light when nginx is missing and the machine allows (root, apt-get).
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx-light for the nginx test..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null && exit 0
fi
echo "The nginx test needs nginx. Install it with:" >&2
echo "  sudo apt-get install -y nginx-light" >&2
exit 1
