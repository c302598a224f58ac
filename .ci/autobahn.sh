#!/usr/bin/env bash
# Runs Autobahn|Testsuite's fuzzing client (wstest -m fuzzingclient, Python 2.7) against a
# WebSocket server that the caller has started, then summarises the report as Markdown.
# This script starts and stops no server.
#
# Usage: .ci/autobahn.sh ws://127.0.0.1:PORT [CASES]
#   CASES / $AUTOBAHN_CASES     cases to run: JSON list or comma-separated patterns
#                               (default: sections 1 to 13; Autobahn has no section 8)
#   $AUTOBAHN_EXCLUDE           cases to skip, same forms (default: none)
#   $AUTOBAHN_HOME              where wstest is installed (pip --user base; default REPO/.autobahn)
#   $AUTOBAHN_REPORTS           report folder (default: a new temporary folder, kept and printed)
#   $AUTOBAHN_FAIL_BY_DROP      wstest's failByDrop: true or false (default: false)
#   $AUTOBAHN_TIMEOUT           seconds before wstest is stopped (default: 3600)
#   $AUTOBAHN_PYTHON2           Python 2.7 interpreter (default: python2.7, else pyenv's 2.7.x)
#   $AUTOBAHN_PYTHON3           Python 3 interpreter for the summary (default: python3)
# Exits non-zero if any case is not OK, NON-STRICT or INFORMATIONAL, or if wstest fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$here/.." && pwd)"

url="${1:?usage: $0 ws://HOST:PORT [CASES]}"
cases="${2:-${AUTOBAHN_CASES:-}}"
exclude="${AUTOBAHN_EXCLUDE:-}"
python3="${AUTOBAHN_PYTHON3:-python3}"
export PYTHONUSERBASE="${AUTOBAHN_HOME:-$REPO/.autobahn}"
wstest="$PYTHONUSERBASE/bin/wstest"

find_python2() {
  local candidate
  for candidate in "${AUTOBAHN_PYTHON2:-}" python2.7 python2 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/2.7*/bin/python2.7 /usr/bin/python2.7; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (2, 7))' >/dev/null 2>&1; then
      command -v "$candidate"
      return
    fi
  done
  echo "autobahn.sh: no Python 2.7 found (set AUTOBAHN_PYTHON2)" >&2
  return 1
}
python2="$(find_python2)"

# Install: autobahntestsuite and every dependency pinned (the versions pip resolves for
# autobahntestsuite 25.10.1 on Python 2.7), all wheels except three small sdists (autobahn,
# txaio: pure Python; wsaccel: C, built only when a compiler exists, else autobahn falls back
# to its pure-Python masking and UTF-8 validation, which is slower).
if [ ! -x "$wstest" ]; then
  pins=(
    autobahntestsuite==25.10.1 autobahn==0.10.9 txaio==2.1.0 ujson==2.0.3
    Twisted==19.10.0 zope.interface==4.6.0 incremental==16.10.1 constantly==15.1.0
    Automat==22.10.0 attrs==21.4.0 hyperlink==21.0.0 idna==2.10 typing==3.10.0.0
    PyHamcrest==1.9.0 six==1.16.0 setuptools==44.0.0
    pyOpenSSL==19.1.0 cryptography==3.3.2 cffi==1.15.1 pycparser==2.21 enum34==1.1.10
    ipaddress==1.0.23 service-identity==18.1.0 pyasn1==0.5.1 pyasn1-modules==0.3.0
    klein==17.10.0 Werkzeug==1.0.1 jinja2==2.11.3 markupsafe==1.1.1
    unittest2==1.1.0 argparse==1.4.0 traceback2==1.4.0 linecache2==1.0.0
  )
  if command -v cc >/dev/null 2>&1; then pins+=(wsaccel==0.6.6); fi
  echo "autobahn.sh: installing autobahntestsuite into $PYTHONUSERBASE with $python2" >&2
  start=$SECONDS
  "$python2" -m pip install --user --no-deps --quiet --disable-pip-version-check \
    --no-warn-script-location "${pins[@]}"
  echo "autobahn.sh: installed in $((SECONDS - start)) s" >&2
fi

# Spec: a JSON list is taken as is; otherwise comma-separated patterns.
work="${AUTOBAHN_REPORTS:-}"
if [ -z "$work" ]; then work="$(mktemp -d "${TMPDIR:-/tmp}/autobahn.XXXXXX")"; fi
mkdir -p "$work"
work="$(cd "$work" && pwd)"
outdir="$work/reports/servers"
spec="$work/fuzzingclient.json"
AB_URL="$url" AB_CASES="$cases" AB_EXCLUDE="$exclude" AB_OUTDIR="$outdir" \
AB_FAIL_BY_DROP="${AUTOBAHN_FAIL_BY_DROP:-false}" "$python3" - > "$spec" <<'EOF'
import json, os

def patterns(text, default):
    text = text.strip()
    if not text:
        return default
    if text.startswith("["):
        return json.loads(text)
    return [p.strip() for p in text.split(",") if p.strip()]

sections = [f"{n}.*" for n in range(1, 14) if n != 8]
print(json.dumps({
    "options": {"failByDrop": os.environ["AB_FAIL_BY_DROP"].lower() in ("1", "true", "yes")},
    "outdir": os.environ["AB_OUTDIR"],
    "servers": [{"agent": "pagi", "url": os.environ["AB_URL"]}],
    "cases": patterns(os.environ["AB_CASES"], sections),
    "exclude-cases": patterns(os.environ["AB_EXCLUDE"], []),
    "exclude-agent-cases": {},
}, indent=2))
EOF
echo "autobahn.sh: spec $spec, reports in $outdir" >&2
cat "$spec" >&2

# wstest prints a line per case; keep it in a log and show only the tail if it fails.
log="$work/wstest.log"
start=$SECONDS
status=0
(cd "$work" && timeout --kill-after=10 "${AUTOBAHN_TIMEOUT:-3600}" \
  "$python2" "$wstest" -m fuzzingclient -s "$spec") > "$log" 2>&1 || status=$?
echo "autobahn.sh: wstest took $((SECONDS - start)) s (exit $status), log $log" >&2
if [ "$status" -ne 0 ]; then
  tail -n 30 "$log" >&2
  [ "$status" -eq 124 ] && echo "autobahn.sh: wstest timed out" >&2
fi

summary=0
"$python3" "$here/autobahn_summary.py" "$outdir/index.json" || summary=$?
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit "$summary"
