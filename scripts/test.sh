#!/usr/bin/env bash
# The whole suite: lint, type check, server tests on the embedded engine (PGlite), the database-facing
# tests again on a throw-away PostgreSQL cluster, the UI's component tests and the browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint"; npx eslint --max-warnings=0 .
echo "== typecheck"; npx tsc -p tsconfig.json
if [ -f web/tsconfig.json ]; then npx tsc -p web/tsconfig.json; fi

failed=0
run_node_tests() { # $@: files
  [ "$#" -eq 0 ] && return 0
  node --import tsx --test --test-concurrency=2 --test-timeout=300000 "$@" || failed=1
}

# Everything except e2e on PGlite.
mapfile -t unit < <(find test -name '*.test.ts' -not -path 'test/e2e/*' | sort)
echo "== server tests on PGlite (${#unit[@]} files)"
LINECAST_TEST_ENGINE=pglite run_node_tests "${unit[@]}"

# Database-facing tests again on a real PostgreSQL server.
mapfile -t dbtests < <(find test/db test/integration -name '*.test.ts' 2>/dev/null | sort)
if pg_url=$(bash scripts/pg-cluster.sh start); then
  trap 'bash scripts/pg-cluster.sh stop >/dev/null 2>&1 || true' EXIT
  echo "== database tests on PostgreSQL (${#dbtests[@]} files)"
  LINECAST_TEST_ENGINE=postgres TEST_DATABASE_URL="$pg_url" run_node_tests "${dbtests[@]}"
else
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!! SKIPPED the PostgreSQL half of the suite: PostgreSQL's server binaries are not installed."
  echo "!! Install them (apt-get install postgresql) or run .ci/run, which does."
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
fi

if [ -f web/vitest.config.ts ]; then echo "== UI component tests"; npx vitest run --config web/vitest.config.ts || failed=1; fi

mapfile -t e2e < <(find test/e2e -name '*.test.ts' 2>/dev/null | sort)
if [ "${#e2e[@]}" -gt 0 ]; then
  if [ -x /usr/bin/chromium ]; then
    echo "== browser end-to-end tests (${#e2e[@]} files)"
    run_node_tests "${e2e[@]}"
  else
    echo "!! SKIPPED browser end-to-end tests: /usr/bin/chromium is not installed (apt-get install chromium, or run .ci/run)."
  fi
fi
exit $failed
