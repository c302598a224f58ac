#!/usr/bin/env bash
# A real browser against the chat showcase: Debian's headless Chromium opens the page in two
# tabs, the first sends a line over its WebSocket, the second must see it over its SSE feed and
# its WebSocket (Tests/Conformance/browser_test.py drives Chromium over the DevTools Protocol).
# Builds nothing: it runs the debug pagi-server of `swift build` (or of `swift test`). Starts
# pagi-server and Chromium on 127.0.0.1 and free ports, and stops both, by PID, however it ends.
# Every step is bounded in time; the whole run takes well under a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"
server="$(swift build --show-bin-path)/pagi-server"
chromium_bin="$(command -v chromium || true)"

fail() { echo "browser: FAILED: $1" >&2; exit 1; }
[ -x "$server" ] || fail "no $server: run swift build first"
[ -n "$chromium_bin" ] || fail "chromium is not installed (apt-get install chromium)"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
show_logs() {
  echo "--- pagi-server log (last lines)" >&2; tail -n 20 "$work/server.log" >&2 || true
  echo "--- chromium log (last lines)" >&2; tail -n 10 "$work/chromium.log" >&2 || true
}

"$server" --app 10-chat-showcase --host 127.0.0.1 --port 0 --no-access-log > "$work/server.log" 2>&1 &
pids+=($!)
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/server.log" | head -n 1)"
  [ -n "$port" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || { show_logs; fail "pagi-server exited before listening"; }
  sleep 0.1
done
[ -n "$port" ] || { show_logs; fail "pagi-server did not listen within 10 s"; }

# Port 0: Chromium picks a free port and writes it to DevToolsActivePort in its profile.
profile="$work/profile"
"$chromium_bin" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --no-default-browser-check --remote-debugging-address=127.0.0.1 --remote-debugging-port=0 \
  --user-data-dir="$profile" about:blank > "$work/chromium.log" 2>&1 &
pids+=($!)
devtools_port=""
for _ in $(seq 1 150); do
  [ -s "$profile/DevToolsActivePort" ] && devtools_port="$(head -n 1 "$profile/DevToolsActivePort")"
  [ -n "$devtools_port" ] && break
  kill -0 "${pids[1]}" 2>/dev/null || { show_logs; fail "chromium exited before opening its DevTools port"; }
  sleep 0.1
done
[ -n "$devtools_port" ] || { show_logs; fail "chromium did not open its DevTools port within 15 s"; }

if ! timeout 45 "$python" Tests/Conformance/browser_test.py --app "http://127.0.0.1:$port" \
    --devtools "127.0.0.1:$devtools_port" --limit 35; then
  show_logs
  fail "the browser test failed (see above)"
fi
echo "browser: $("$chromium_bin" --version 2>/dev/null | head -n 1) passed the chat showcase check"
