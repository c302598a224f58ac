#!/usr/bin/env bash
# Makes throwaway certificates for the TLS tests in the directory given ($1), with the
# openssl command: nothing here is a real key, and nothing it writes is committed.
#   ca.pem / ca.key                the test CA
#   server.pem / server.key        RSA 2048, for localhost and 127.0.0.1, signed by the CA
#   server-encrypted.key           the same key, encrypted (PKCS#8, AES-256) with "test-password"
#   server-ec.pem / server-ec.key  EC P-256, the same names, signed by the CA
#   client.pem / client.key        EC P-256, signed by the CA, for client authentication
#   other-ca.pem, other-client.pem / other-client.key   a client certificate from another CA
set -euo pipefail
dir="${1:?usage: make-test-certs.sh DIRECTORY}"
mkdir -p "$dir"
cd "$dir"
export OPENSSL_CONF=/dev/null

ca() { # name subject
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" \
    -days 2 -subj "$2" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
sign() { # name ca extensions [days] (the request is $name.csr)
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -out "$1.pem" -days "${4:-2}" -extfile <(printf '%s\n' "$3") 2>/dev/null
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
