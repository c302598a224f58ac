#!/usr/bin/env bash
# Scans pagi-server's TLS with sslyze (Python, from the virtual environment given as $1):
# with the defaults it must comply with Mozilla's "intermediate" configuration, and with
# --ssl-min-version 1.3 and an ECDSA certificate with "modern". The certificates are fresh
# throwaway ones from Tests/Fixtures/make-test-certs.sh, valid for 30 days (Mozilla's
# configurations allow at most 366); the servers are stopped (by PID) when done.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"
server=".build/debug/pagi-server"
swift build --product pagi-server

certs="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$certs"; }
trap cleanup EXIT
bash Tests/Fixtures/make-test-certs.sh "$certs" 30
fail() { echo "FAIL (tls): $*" >&2; exit 1; }

# scan CONFIGURATION SERVER-CERTIFICATE-NAME [SERVER OPTION ...]
scan() {
  local configuration="$1" name="$2"; shift 2
  local port
  port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$server" --app hello --port "$port" --ssl-cert "$certs/$name.pem" --ssl-key "$certs/$name.key" \
    --no-access-log --log-level warning "$@" &
  pids+=($!)
  for _ in $(seq 1 100); do
    curl -sf -m 1 --cacert "$certs/ca.pem" "https://localhost:$port/" >/dev/null && break
    sleep 0.1
  done
  "$python" -m sslyze --certinfo_ca_file "$certs/ca.pem" --mozilla_config="$configuration" "localhost:$port" \
    > "$certs/sslyze-$configuration.txt" 2>&1 || { cat "$certs/sslyze-$configuration.txt" >&2; fail "not compliant with Mozilla's $configuration configuration"; }
  grep -q "OK - Compliant" "$certs/sslyze-$configuration.txt" || fail "sslyze did not report compliance ($configuration)"
  echo "tls (sslyze, Mozilla $configuration): passed"
}

scan intermediate server
# "modern" also asks for an ECDSA certificate.
scan modern server-ec --ssl-min-version 1.3
