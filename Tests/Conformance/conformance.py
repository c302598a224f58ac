"""Wire conformance of pagi-server, checked by strict third-party clients.

h11 parses every response byte by byte and refuses anything RFC 9112 forbids; httpx is a
real-world client; raw sockets send what clients must not. Each server runs one bundled app
(its port is given on the command line). Exits non-zero on the first failure, with a line
that says what differed.

    python conformance.py --hello 5001 --echo 5002 --scope 5003 --stream 5004 --errors 5005 --sse 5006
"""

import argparse
import json
import socket
import sys

import h11
import httpx

HOST = "127.0.0.1"
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


class H11Client:
    """One connection, every response parsed by h11 (strict)."""

    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=10)
        self.conn = h11.Connection(our_role=h11.CLIENT)

    def _send(self, event):
        data = self.conn.send(event)
        if data:
            self.sock.sendall(data)

    def request(self, method, target, headers=(), body_chunks=None):
        headers = [("Host", "localhost")] + list(headers)
        if body_chunks is not None and not any(name.lower() == "content-length" for name, _ in headers):
            headers.append(("Transfer-Encoding", "chunked"))
        self._send(h11.Request(method=method, target=target, headers=headers))
        for chunk in body_chunks or []:
            self._send(h11.Data(data=chunk))
        self._send(h11.EndOfMessage())
        response, body, trailers = None, b"", []
        while True:
            event = self.conn.next_event()
            if event is h11.NEED_DATA:
                data = self.sock.recv(65536)
                self.conn.receive_data(data)
                continue
            if isinstance(event, h11.InformationalResponse):
                continue
            if isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                trailers = event.headers
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise h11.RemoteProtocolError("connection closed mid-response")
        if self.conn.our_state is h11.DONE and self.conn.their_state is h11.DONE:
            self.conn.start_next_cycle()
        return response, body, trailers

    def close(self):
        self.sock.close()


def header(response, name):
    for key, value in response.headers:
        if key.decode().lower() == name:
            return value.decode("latin-1")
    return None


def raw_status(port, payload):
    """Sends raw bytes and returns the status code of the answer (the server then closes)."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(payload)
        data = b""
        while b"\r\n" not in data:
            piece = sock.recv(4096)
            if not piece:
                break
            data += piece
        return int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else None


def hello(port):
    client = H11Client(port)
    response, body, _ = client.request("GET", "/")
    check(response.status_code == 200 and body == b"Hello, World!", f"GET / answered {response.status_code} {body!r}")
    check(header(response, "content-length") == "13", "hello has a content-length")
    check(header(response, "date") is not None and header(response, "server") == "pagi", "Date and Server headers")
    response, body, _ = client.request("HEAD", "/")
    check(response.status_code == 200 and body == b"" and header(response, "content-length") == "13", "HEAD keeps the length, sends no body")
    response, body, _ = client.request("GET", "/json")
    check(json.loads(body) == {"message": "Hello, World!"}, "GET /json")
    response, _, _ = client.request("GET", "/missing")
    check(response.status_code == 404, "unknown path is 404")
    client.close()
    with httpx.Client() as http:
        check(http.get(f"http://{HOST}:{port}/").text == "Hello, World!", "httpx GET /")


def echo(port):
    client = H11Client(port)
    response, body, _ = client.request("POST", "/", [("Content-Length", "5")], [b"hello"])
    check(body == b"hello", f"echo of a Content-Length body: {body!r}")
    response, body, _ = client.request("POST", "/", [], [b"chunked ", b"body ", b"pieces"])
    check(body == b"chunked body pieces", f"echo of a chunked body: {body!r}")
    check(header(response, "transfer-encoding") == "chunked", "a streamed echo is chunked")
    response, body, _ = client.request("POST", "/", [("Content-Length", "4"), ("Expect", "100-continue")], [b"wait"])
    check(body == b"wait", "Expect: 100-continue")
    client.close()
    with httpx.Client() as http:
        big = bytes(range(256)) * 4096
        check(http.post(f"http://{HOST}:{port}/", content=big).content == big, "1 MiB echo through httpx")
    # Pipelining: three requests in one write; h11 checks the three answers, in order.
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(b"".join(
            b"POST /%d HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\n%d" % (index, index) for index in range(3)
        ))
        conn = h11.Connection(our_role=h11.CLIENT)
        for index in range(3):
            conn.send(h11.Request(method="POST", target=f"/{index}", headers=[("Host", "h"), ("Content-Length", "1")]))
            conn.send(h11.Data(data=b"%d" % index))
            conn.send(h11.EndOfMessage())
            body = b""
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA:
                    conn.receive_data(sock.recv(65536))
                elif isinstance(event, h11.Data):
                    body += event.data
                elif isinstance(event, h11.EndOfMessage):
                    break
            check(body == b"%d" % index, f"pipelined answer {index}: {body!r}")
            conn.start_next_cycle()
    # Malformed requests get the right status.
    for payload, status in [
        (b"GET / HTTP/1.1\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n folded\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        (b"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: h\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + b"b" * 20000 + b"\r\n\r\n", 431),
        (b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
    ]:
        got = raw_status(port, payload)
        check(got == status, f"{payload[:60]!r}... answered {got}, expected {status}")


def scope(port):
    with httpx.Client() as http:
        answer = http.get(f"http://{HOST}:{port}/caf%C3%A9/a%20b?x=1&y=%20", headers={"X-Test": "yes"}).json()
    check(answer["type"] == "http" and answer["method"] == "GET" and answer["http_version"] == "1.1", "scope basics")
    check(answer["path"] == "/café/a b" and answer["raw_path"] == "/caf%C3%A9/a%20b", f"scope path {answer['path']!r} {answer['raw_path']!r}")
    check(answer["query_string"] == "x=1&y=%20", "scope query string")
    check(["x-test", "yes"] in answer["headers"], "scope headers")
    check(answer["client"][0] == "127.0.0.1" and answer["server"] == ["127.0.0.1", port], "scope client and server")


def stream(port):
    client = H11Client(port)
    response, body, trailers = client.request("GET", "/")
    check(body == b"Chunk 1\nChunk 2\nChunk 3\n", f"stream body {body!r}")
    check(header(response, "transfer-encoding") == "chunked", "stream is chunked")
    check((b"x-stream-complete", b"1") in [(k.lower(), v) for k, v in trailers], f"stream trailers {trailers!r}")
    client.close()


def errors(port):
    for path in ["/error", "/no-response", "/bad-order"]:
        client = H11Client(port)
        response, body, _ = client.request("GET", path)
        check(response.status_code == 500, f"{path} answered {response.status_code}")
        client.close()
    client = H11Client(port)
    try:
        client.request("GET", "/error-after-start")
        check(False, "an error after the start must cut the response short")
    except h11.RemoteProtocolError:
        check(True, "cut short")
    client.close()


def sse(port):
    with httpx.Client(timeout=10) as http:
        with http.stream("GET", f"http://{HOST}:{port}/", headers={"Accept": "text/event-stream"}) as response:
            check(response.headers["content-type"] == "text/event-stream", "SSE content type")
            check(response.headers["cache-control"] == "no-cache", "SSE cache-control")
            lines = []
            for line in response.iter_lines():
                lines.append(line)
                if line.startswith("event: tick"):
                    break
    check(lines[:4] == ["event: welcome", "data: Welcome to PAGI 👋", "data: λ → streams of events", "data: Σ UTF-8 on every line"], f"SSE welcome {lines[:4]!r}")


def main():
    parser = argparse.ArgumentParser()
    for name in ["hello", "echo", "scope", "stream", "errors", "sse"]:
        parser.add_argument(f"--{name}", type=int, required=True)
    ports = parser.parse_args()
    hello(ports.hello)
    echo(ports.echo)
    scope(ports.scope)
    stream(ports.stream)
    errors(ports.errors)
    sse(ports.sse)
    print(f"conformance: {checks} checks passed")


if __name__ == "__main__":
    main()
