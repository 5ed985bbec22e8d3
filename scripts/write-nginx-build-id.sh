#!/usr/bin/env bash
# After `next build`: tell nginx which build is live, so its cache keys change with it.
# Usage: scripts/write-nginx-build-id.sh [dist-dir] [output-file]; then `nginx -s reload`.
set -euo pipefail
dist="${1:-.next}"
out="${2:-deploy/build-id.conf}"
id=$(tr -cd 'A-Za-z0-9_-' < "$dist/BUILD_ID")
printf 'map "" $build_id { default "%s"; }\n' "$id" > "$out"
echo "wrote $out (build $id)"
