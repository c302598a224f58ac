"""WebSocket over HTTP/2 (RFC 8441 extended CONNECT) scenarios for the swift-pagi live tests.

Each scenario talks to 127.0.0.1:PORT in cleartext with prior knowledge (through
h2_client.connect), prints one JSON object with what it saw and ends within seconds.

    python h2_websocket.py SCENARIO PORT [ARGS...]

    echo PATH [SUBPROTOCOLS]   text, binary and ping, then the close handshake
    multiplexed                two WebSockets and a GET on one connection
    connect PROTOCOL           a CONNECT with another :protocol, or none ("none": a tunnel)
"""
import json
import os
import sys

import h2.events

from h2_client import connect, pump, request_headers


def ws_frame(opcode, payload):
    """One final client frame, masked as RFC 6455 requires of clients."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = bytes([0x80 | opcode, 0x80 | n])
    elif n < 65536:
        head = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
    else:
        head = bytes([0x80 | opcode, 0x80 | 127]) + n.to_bytes(8, "big")
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def ws_parse(buffer):
    """The server's (unmasked) frames in `buffer`, as (opcode, payload), and what is left."""
    frames = []
    while len(buffer) >= 2:
        n, at = buffer[1] & 0x7F, 2
        if n == 126:
            n, at = int.from_bytes(buffer[2:4], "big"), 4
        elif n == 127:
            n, at = int.from_bytes(buffer[2:10], "big"), 10
        if len(buffer) < at + n:
            break
        frames.append((buffer[0] & 0x0F, buffer[at : at + n]))
        buffer = buffer[at + n :]
    return frames, buffer


class Session:
    """The client's view of one stream: status, headers, WebSocket frames or a plain body."""

    def __init__(self):
        self.status, self.headers, self.raw, self.frames = None, {}, b"", []
        self.ended, self.reset = False, None

    def report(self):
        frames = [{"opcode": op, "text": p[2:].decode("utf-8", "replace") if op == 8 else p.decode("utf-8", "replace"),
                   "code": int.from_bytes(p[:2], "big") if op == 8 and len(p) >= 2 else None} for op, p in self.frames]
        return {"status": self.status, "headers": self.headers, "frames": frames, "body": self.raw.decode("utf-8", "replace"),
                "ended": self.ended, "reset": self.reset}


class Sessions(dict):
    """The sessions by stream id, handling h2's events for h2_client.pump."""

    def handle(self, conn, events):
        for event in events:
            s = self.get(getattr(event, "stream_id", None))
            if s is None:
                continue
            if isinstance(event, h2.events.ResponseReceived):
                headers = dict(event.headers)
                s.status = int(headers.pop(":status"))
                s.headers = headers
            elif isinstance(event, h2.events.DataReceived):
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                s.raw += event.data
                if s.status == 200 and s.headers.get("content-type") is None:
                    frames, s.raw = ws_parse(s.raw)
                    s.frames += frames
            elif isinstance(event, h2.events.StreamEnded):
                s.ended = True
            elif isinstance(event, h2.events.StreamReset):
                s.reset = int(event.error_code)


def open_websocket(conn, port, stream_id, path, subprotocols=None):
    headers = [(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "http"), (":path", path),
               (":authority", f"127.0.0.1:{port}"), ("sec-websocket-version", "13")]
    if subprotocols:
        headers.append(("sec-websocket-protocol", subprotocols))
    conn.send_headers(stream_id, headers)


def echo(port, path, subprotocols=None):
    sock, conn = connect(port, validate=False)
    result = {"enable_connect_protocol": dict(conn.remote_settings).get(8)}
    s = Session()
    sessions = Sessions({1: s})
    open_websocket(conn, port, 1, path, subprotocols)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, sessions, lambda: s.status is not None or s.reset is not None)
    if s.status == 200:
        for opcode, payload in [(1, "hello h2".encode()), (2, bytes([0, 1, 2, 255])), (9, b"p1")]:
            conn.send_data(1, ws_frame(opcode, payload))
        sock.sendall(conn.data_to_send())
        pump(sock, conn, sessions, lambda: len(s.frames) >= 3)
        conn.send_data(1, ws_frame(8, (1000).to_bytes(2, "big") + b"bye"))
        sock.sendall(conn.data_to_send())
        pump(sock, conn, sessions, lambda: any(op == 8 for op, _ in s.frames) and (s.ended or s.reset is not None))
        if s.ended and s.reset is None:
            conn.end_stream(1)
            sock.sendall(conn.data_to_send())
    else:
        pump(sock, conn, sessions, lambda: s.ended or s.reset is not None)
    result.update(s.report())
    if s.frames and s.frames[1:2]:
        result["binary"] = s.frames[1][1].hex()
    sock.close()
    return result


def multiplexed(port):
    sock, conn = connect(port, validate=False)
    sessions = Sessions({1: Session(), 3: Session(), 5: Session()})
    open_websocket(conn, port, 1, "/one")
    open_websocket(conn, port, 3, "/two")
    conn.send_headers(5, request_headers(port, "/plain"), end_stream=True)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, sessions, lambda: sessions[1].status and sessions[3].status and sessions[5].ended)
    conn.send_data(1, ws_frame(1, b"first"))
    conn.send_data(3, ws_frame(1, b"second"))
    sock.sendall(conn.data_to_send())
    pump(sock, conn, sessions, lambda: sessions[1].frames and sessions[3].frames)
    for stream_id in (1, 3):
        conn.send_data(stream_id, ws_frame(8, (1000).to_bytes(2, "big")))
    sock.sendall(conn.data_to_send())
    pump(sock, conn, sessions, lambda: all(s.ended or s.reset is not None for s in sessions.values()))
    sock.close()
    return {str(k): v.report() for k, v in sessions.items()}


def other_connect(port, protocol):
    sock, conn = connect(port, validate=False)
    if protocol == "none":
        headers = [(":method", "CONNECT"), (":authority", "example.com:443")]
    else:
        headers = [(":method", "CONNECT"), (":protocol", protocol), (":scheme", "http"), (":path", "/"),
                   (":authority", f"127.0.0.1:{port}")]
    s = Session()
    conn.send_headers(1, headers)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, Sessions({1: s}), lambda: s.ended or s.reset is not None)
    sock.close()
    return s.report()


def main():
    scenario, port = sys.argv[1], int(sys.argv[2])
    args = sys.argv[3:]
    if scenario == "echo":
        result = echo(port, args[0], args[1] if len(args) > 1 else None)
    elif scenario == "connect":
        result = other_connect(port, args[0])
    elif scenario == "multiplexed":
        result = multiplexed(port)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
