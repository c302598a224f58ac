#!/usr/bin/env bash
# Checks pagi-server on the wire with strict clients: h11 and httpx (Python, from a virtual
# environment given as $1) and curl. Starts one server per bundled app on free ports, stops
# them (by PID) when done.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"
server=".build/debug/pagi-server"
swift build --product pagi-server

apps=(hello echo scope stream errors sse)
read -r -a ports <<< "$("$python" -c 'import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for i in "${!apps[@]}"; do
  "$server" --app "${apps[$i]}" --port "${ports[$i]}" --no-access-log --log-level warning &
  pids+=($!)
done
# A server is ready once it answers at all: a status line (the stream app's body takes seconds).
wait_ready() {
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$1/" || true)" != "000" ] && return
    sleep 0.1
  done
}
for port in "${ports[@]}"; do wait_ready "$port"; done

args=()
for i in "${!apps[@]}"; do args+=("--${apps[$i]}" "${ports[$i]}"); done
"$python" Tests/Conformance/conformance.py "${args[@]}"

# curl, as users run it.
hello="http://127.0.0.1:${ports[0]}"; echo_url="http://127.0.0.1:${ports[1]}"
scope="http://127.0.0.1:${ports[2]}"; sse="http://127.0.0.1:${ports[5]}"
fail() { echo "FAIL (curl): $*" >&2; exit 1; }
[ "$(curl -sf "$hello/")" = "Hello, World!" ] || fail "GET /"
[ "$(curl -sf --http1.0 "$hello/")" = "Hello, World!" ] || fail "HTTP/1.0 GET /"
curl -sfI "$hello/" | grep -qi '^content-length: 13' || fail "HEAD content-length"
[ "$(printf 'streamed body' | curl -sf -H 'Transfer-Encoding: chunked' --data-binary @- "$echo_url/")" = "streamed body" ] || fail "chunked upload"
curl -sf "$scope/a%20b?q=1" | grep -q '"path":"/a b"' || fail "scope path"
events="$(curl -s -N -m 2 -H 'Accept: text/event-stream' "$sse/" || true)"
grep -q '^event: welcome' <<< "$events" && grep -q '^event: tick' <<< "$events" || fail "SSE"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: gzip' -H 'Content-Length:' --data x "$echo_url/")" = "501" ] || fail "unknown transfer coding"
echo "conformance (curl): passed"

# --event-loop-executor (NIO's executor takeover, process-wide, so only testable in its own process).
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$server" --app hello --port "$port" --no-access-log --log-level warning --event-loop-executor &
takeover_pid=$!
pids+=("$takeover_pid")
wait_ready "$port"
[ "$(curl -sf "http://127.0.0.1:$port/")" = "Hello, World!" ] || fail "GET / with --event-loop-executor"
kill -TERM "$takeover_pid"
wait "$takeover_pid" || fail "the server with --event-loop-executor did not exit 0 after SIGTERM"
echo "conformance (--event-loop-executor): passed"

# SIGTERM with a request in flight: the response completes, then the server exits 0.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$server" --app stream --port "$port" --no-access-log --log-level warning &
stream_pid=$!
wait_ready "$port"
curl -s -N "http://127.0.0.1:$port/" > .build/sigterm-body.txt &
curl_pid=$!
sleep 0.5
kill -TERM "$stream_pid"
wait "$curl_pid" || fail "the request in flight failed during the graceful shutdown"
[ "$(cat .build/sigterm-body.txt)" = "$(printf 'Chunk 1\nChunk 2\nChunk 3')" ] || fail "the request in flight was cut: $(cat .build/sigterm-body.txt)"
wait "$stream_pid" || fail "the server did not exit 0 after SIGTERM"
echo "conformance (SIGTERM with a request in flight): passed"
