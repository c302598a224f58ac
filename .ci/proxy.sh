#!/usr/bin/env bash
# pagi-server behind a real nginx (Debian's nginx-light, installed by .ci/run): the app must
# see the client, scheme and prefix nginx forwards (--proxy-headers, ReverseProxy), and a
# large file must reach the client through X-Accel-Redirect (XSendfile), sent by nginx.
# Starts nginx and pagi-server on free ports of 127.0.0.1 and stops both (by PID) when done.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"
server=".build/debug/pagi-server"
swift build --product pagi-server
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/files" "$work/nginx"
head -c 5000000 /dev/urandom > "$work/files/big.bin"
# nginx's workers drop to an unprivileged user when started as root: let them read the file.
chmod 755 "$work" "$work/files"
chmod 644 "$work/files/big.bin"
read -r app_port nginx_port <<< "$("$python" -c 'import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"

files="$(cd "$work/files" && pwd -P)"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            proxy_pass http://127.0.0.1:$app_port;
            proxy_set_header Host shop.example.com;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-Prefix /app;
        }
        location /protected/ {
            internal;
            alias $files/;
        }
    }
}
CONF

PAGI_FILES="$files" "$server" --app behind-proxy --port "$app_port" --no-access-log --log-level warning &
pids+=($!)
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
for port in "$app_port" "$nginx_port"; do
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/whoami" || true)" = "200" ] && break
    sleep 0.1
  done
done

fail() { echo "proxy: $1" >&2; exit 1; }

# The client connects from 127.0.0.3 (loopback, but not the proxy's 127.0.0.1, which is all
# pagi-server trusts by default): through nginx the app sees that address (not the one the
# client claims in its own X-Forwarded-For), the scheme and prefix nginx sets, the host it passes.
client=(curl -s --interface 127.0.0.3)
seen="$("${client[@]}" -H 'X-Forwarded-For: 203.0.113.7' "http://127.0.0.1:$nginx_port/whoami")"
expected='{"client":"127.0.0.3","scheme":"https","host":"shop.example.com","root_path":"/app"}'
[ "$seen" = "$expected" ] || fail "through nginx the app saw $seen, expected $expected"
# Straight to pagi-server, the same client's forged headers change nothing.
direct="$("${client[@]}" -H 'X-Forwarded-For: 203.0.113.7' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$app_port/whoami")"
expected='{"client":"127.0.0.3","scheme":"http","host":"127.0.0.1:'"$app_port"'","root_path":""}'
[ "$direct" = "$expected" ] || fail "directly the app saw $direct, expected $expected"

# The big file: pagi-server answers with X-Accel-Redirect and no body; nginx sends the bytes.
header="$(curl -s -D - -o /dev/null "http://127.0.0.1:$app_port/big.bin" | tr -d '\r' | grep -i '^x-accel-redirect:' || true)"
[ "$header" = "x-accel-redirect: /protected/big.bin" ] || fail "pagi-server did not delegate the file (got '$header')"
want="$(sha256sum < "$work/files/big.bin" | cut -d' ' -f1)"
got="$(curl -s "http://127.0.0.1:$nginx_port/big.bin" | sha256sum | cut -d' ' -f1)"
[ "$want" = "$got" ] || { cat "$work/nginx/error.log" >&2; fail "the file through nginx differs (sha256 $got, expected $want)"; }
range="$(curl -s -H 'Range: bytes=100-199' "http://127.0.0.1:$nginx_port/big.bin" | wc -c)"
[ "$range" = "100" ] || fail "a range through nginx gave $range bytes"
echo "proxy: nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') in front of pagi-server: forwarded client, scheme, host and prefix seen, forged headers ignored; 5 MB file sent by nginx through X-Accel-Redirect (whole and ranged)"
