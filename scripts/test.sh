#!/usr/bin/env bash
# The whole suite: lint, type check, server tests on the embedded engine (PGlite), the database-facing
# tests again on a throw-away PostgreSQL cluster, the UI's component tests and the browser end-to-end tests.
#
# LINECAST_REQUIRE_ALL=1 (set by .ci/run): a half that cannot run (no PostgreSQL server binaries, a cluster that
# does not start, no Chromium) fails the run instead of being skipped with a warning.
# LINECAST_TEST_PARTS picks parts (default: "lint unit postgres web e2e").
set -euo pipefail
cd "$(dirname "$0")/.."

parts=" ${LINECAST_TEST_PARTS:-lint unit postgres web e2e} "
want() { [[ "$parts" == *" $1 "* ]]; }
chromium="${LINECAST_CHROMIUM:-/usr/bin/chromium}"
failed=0
skipped=()
could_not_run() { # $1: what, $2: how to get it
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!! SKIPPED $1. $2"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  skipped+=("$1")
}

if want lint; then
  echo "== lint"; npx eslint --max-warnings=0 .
  echo "== format (Prettier, 140 columns; npm run format rewrites)"; npm run --silent format:check
  echo "== import rules (docs/architecture.md)"; npm run --silent lint:deps
  echo "== typecheck"; npx tsc -p tsconfig.json
  if [ -f web/tsconfig.json ]; then npx tsc -p web/tsconfig.json; fi
fi

run_node_tests() { # $@: files
  [ "$#" -eq 0 ] && return 0
  node --import tsx --test --test-concurrency=2 --test-timeout=300000 "$@" || failed=1
}

if want unit; then
  # Everything except e2e on PGlite.
  mapfile -t unit < <(find test -name '*.test.ts' -not -path 'test/e2e/*' | sort)
  echo "== server tests on PGlite (${#unit[@]} files)"
  LINECAST_TEST_ENGINE=pglite run_node_tests "${unit[@]}"
fi

if want postgres; then
  # Database-facing tests again on a real PostgreSQL server.
  mapfile -t dbtests < <(find test/db test/integration -name '*.test.ts' 2>/dev/null | sort)
  if pg_url=$(bash scripts/pg-cluster.sh start); then
    trap 'bash scripts/pg-cluster.sh stop >/dev/null 2>&1 || true' EXIT
    echo "== database tests on PostgreSQL (${#dbtests[@]} files)"
    LINECAST_TEST_ENGINE=postgres TEST_DATABASE_URL="$pg_url" run_node_tests "${dbtests[@]}"
  else
    could_not_run "the PostgreSQL half of the suite: no PostgreSQL cluster could be started (are its server binaries installed?)" \
      "Install them (apt-get install postgresql) or run .ci/run, which does."
  fi
fi

if want web && [ -f web/vitest.config.ts ]; then echo "== UI component tests"; npx vitest run --config web/vitest.config.ts || failed=1; fi

if want e2e; then
  mapfile -t e2e < <(find test/e2e -name '*.test.ts' 2>/dev/null | sort)
  if [ "${#e2e[@]}" -gt 0 ]; then
    if [ -x "$chromium" ]; then
      echo "== browser end-to-end tests (${#e2e[@]} files)"
      LINECAST_CHROMIUM="$chromium" run_node_tests "${e2e[@]}"
    else
      could_not_run "the browser end-to-end tests: $chromium is not installed" "Install it (apt-get install chromium) or run .ci/run, which does."
    fi
  fi
fi

if [ "${#skipped[@]}" -gt 0 ] && [ "${LINECAST_REQUIRE_ALL:-0}" = 1 ]; then
  echo "!! LINECAST_REQUIRE_ALL=1 and ${#skipped[@]} part(s) could not run: failing the run."
  for s in "${skipped[@]}"; do echo "!!   - $s"; done
  failed=1
fi
exit $failed
