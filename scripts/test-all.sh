#!/usr/bin/env bash
# `npm test`: unit and component tests, a production build, then browser tests
# against that build. Ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/tmp
rm -f tests/tmp/vitest-report.json tests/tmp/playwright-report.json
status=0

bash scripts/ensure-chromium.sh || status=1
bash scripts/ensure-nginx.sh || status=1

npx vitest run --config tests/vitest.config.mts --reporter=default --reporter=json --outputFile.json=tests/tmp/vitest-report.json || status=1

# Absolute URLs (feeds, sitemap, previews) must point at the server the browser tests use.
export SITE_URL="http://127.0.0.1:${TEST_PORT:-3100}"
if npx next build; then
  npx playwright test --config tests/playwright.config.ts || status=1
else
  echo "next build failed: browser tests not run" >&2
  status=1
fi

npx tsx scripts/summarize-test-results.ts tests/tmp/vitest-report.json tests/tmp/playwright-report.json || status=1
exit $status
