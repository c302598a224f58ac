#!/usr/bin/env bash
# Makes the throwaway certificates of the TLS tests with the openssl command, in the directory
# given ($1), valid for $2 days (default 36500). Nothing here is a real key: the copies
# committed in Tests/Fixtures/tls are test fixtures, made with
#   bash Tests/Fixtures/make-test-certs.sh Tests/Fixtures/tls
# (the tests use them, so that no test run spends its first seconds making keys), and
# .ci/tls.sh makes fresh short-lived ones for its scan.
#   ca.pem / ca.key                the test CA
#   server.pem / server.key        RSA 2048, for localhost and 127.0.0.1, signed by the CA
#   server-encrypted.key           the same key, encrypted (PKCS#8, AES-256) with "test-password"
#   server-ec.pem / server-ec.key  EC P-256, the same names, signed by the CA
#   client.pem / client.key        EC P-256, signed by the CA, for client authentication
#   other-ca.pem, other-client.pem / other-client.key   a client certificate from another CA
set -euo pipefail
dir="${1:?usage: make-test-certs.sh DIRECTORY [DAYS]}"
days="${2:-36500}"
mkdir -p "$dir"
cd "$dir"
export OPENSSL_CONF=/dev/null

ca() { # name subject
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" \
    -days "$days" -subj "$2" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
sign() { # name ca extensions (the request is $name.csr)
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -out "$1.pem" -days "$days" -extfile <(printf '%s\n' "$3") 2>/dev/null
  rm -f "$1.csr"
}

ca ca "/O=PAGI Tests/CN=PAGI Test CA"
ca other-ca "/O=Somebody Else/CN=Other CA"

openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/O=PAGI Tests/CN=localhost" 2>/dev/null
sign server ca "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth
basicConstraints=CA:FALSE"
openssl pkcs8 -topk8 -v2 aes-256-cbc -in server.key -out server-encrypted.key -passout pass:test-password

openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server-ec.key -out server-ec.csr \
  -subj "/O=PAGI Tests/CN=localhost" 2>/dev/null
sign server-ec ca "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth
basicConstraints=CA:FALSE"

openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr \
  -subj "/O=PAGI Tests/OU=Clients/CN=alice, the tester" 2>/dev/null
sign client ca "extendedKeyUsage=clientAuth
basicConstraints=CA:FALSE"

openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other-client.key -out other-client.csr \
  -subj "/O=Somebody Else/CN=mallory" 2>/dev/null
sign other-client other-ca "extendedKeyUsage=clientAuth
basicConstraints=CA:FALSE"
rm -f ./*.srl
