#!/usr/bin/env bash
# `npm test`: every check, ordered so the whole run stays short on 2 cores.
#
# The reliability suite's two long faults (a 10-minute network cut, a 2-minute SIGSTOP) spend
# their time waiting, so they run in the background beside the integration and browser tiers;
# their rig is an idle Dovecot, bridge and headless Chromium of its own (own ports, own profile).
# They start after the unit tier: starting that rig (a browser, a server, seeding) took the cores
# while unit files ran two at a time, and a unit test's 1 s wait for the reader ran out. The short
# faults keep the machine to themselves after the fuzz run, as their restarts and kills are
# CPU-heavy. One report covers both groups at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run typecheck
npm run lint
npm run build
npm run build:sea
npm run build:deb
npx vitest run --project unit

parts=$(mktemp -d -t mg-reliability-XXXXXX)
long_log=$(mktemp -t mg-reliability-long-XXXXXX.log)
started=$(node -p 'Date.now()')
reliability=(npx vitest run --config vitest.reliability.config.ts)

# setsid: the long run and everything it starts form one process group, to stop at once if an
# earlier step fails.
MAILGLANCE_RELIABILITY_PARTS=$parts setsid "${reliability[@]}" long- >"$long_log" 2>&1 &
long=$!
stop_long() {
  if kill -0 "$long" 2>/dev/null; then
    kill -TERM -- "-$long" 2>/dev/null || true
    echo "stopped the long reliability faults early; their output so far:"
    cat "$long_log"
  fi
}
trap stop_long EXIT

npx vitest run --project integration --project e2e
npm run test:fuzz
MAILGLANCE_RELIABILITY_PARTS=$parts "${reliability[@]}" process-faults server-faults

echo "waiting for the long reliability faults (started $(( ($(node -p 'Date.now()') - started) / 1000 )) s ago)"
status=0
wait "$long" || status=$?
trap - EXIT
echo "--- the long reliability faults (run beside the tiers above) ---"
cat "$long_log"
rm -f "$long_log"
node --import tsx test/reliability/report.ts "$parts" "$started"
exit "$status"
