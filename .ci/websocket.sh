#!/usr/bin/env bash
# Checks pagi-server's WebSockets on the wire: the live tests with Python's `websockets`
# client (which start their own servers), then Autobahn|Testsuite's fuzzing client, sections 1
# to 13, against `pagi-server --app websocket-echo` (a release build), which this script starts
# and stops (by PID).
# $1: the Python 3 of a virtual environment that has `websockets`.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"
server=".build/debug/pagi-server"
swift build --product pagi-server

PAGI_SERVER="$server" "$python" -W ignore::ResourceWarning Tests/Conformance/websocket_test.py

# Autobahn's sections 12 and 13 send hundreds of megabytes through permessage-deflate: a debug
# build would take most of an hour on them, so the server under Autobahn is a release build.
swift build -c release --product pagi-server
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
.build/release/pagi-server --app websocket-echo --port "$port" --no-access-log --log-level warning &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  "$python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 0.1
done
AUTOBAHN_PYTHON3="$python" bash .ci/autobahn.sh "ws://127.0.0.1:$port"
