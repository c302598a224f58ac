"""HTTP/2 client scenarios the swift-pagi live tests drive (Python's `h2` package).

Each scenario talks to 127.0.0.1:PORT in cleartext with prior knowledge, prints one JSON
object with what it saw, and ends within seconds (every socket read has a timeout).

    python h2_client.py SCENARIO PORT [ARGS...]
"""
import json
import socket
import sys

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings
import time
import hpack
from hyperframe.frame import DataFrame, Frame, GoAwayFrame, HeadersFrame, PingFrame, RstStreamFrame


class UnlimitedConnection(h2.connection.H2Connection):
    """Opens streams beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS (to see it refuse them)."""

    @property
    def open_outbound_streams(self):
        return 0


def connect(port, validate=True, unlimited=False, window=None):
    """A connection whose handshake is done: the server's SETTINGS are in and acknowledged.
    `window` sets the client's SETTINGS_INITIAL_WINDOW_SIZE."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    config = h2.config.H2Configuration(
        client_side=True,
        header_encoding="utf-8",
        validate_outbound_headers=validate,
        normalize_outbound_headers=validate,
        validate_inbound_headers=False,
    )
    conn = (UnlimitedConnection if unlimited else h2.connection.H2Connection)(config=config)
    if window is not None:
        conn.local_settings = h2.settings.Settings(client=True, initial_values={h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    settled = False
    while not settled:
        data = sock.recv(65536)
        if not data:
            raise SystemExit("the server closed the connection during the handshake")
        settled = any(isinstance(event, h2.events.RemoteSettingsChanged) for event in conn.receive_data(data))
        sock.sendall(conn.data_to_send())
    return sock, conn


def raw_frames(sock, until, seconds):
    """Reads frames without h2's state machine (which refuses anything after a GOAWAY, so
    cannot watch a graceful shutdown), until `until(frame)` holds or time is up."""
    sock.settimeout(seconds)
    buffer = b""
    while True:
        try:
            data = sock.recv(65536)
        except (socket.timeout, ConnectionResetError):
            return
        if not data:
            return
        buffer += data
        while len(buffer) >= 9:
            length = int.from_bytes(buffer[:3], "big")
            if len(buffer) < 9 + length:
                break
            frame, _ = Frame.parse_frame_header(memoryview(buffer[:9]))
            frame.parse_body(memoryview(buffer[9 : 9 + length]))
            buffer = buffer[9 + length :]
            if until(frame):
                return


def request_headers(port, path, method="GET", extra=()):
    return [(":method", method), (":scheme", "http"), (":authority", f"127.0.0.1:{port}"), (":path", path), *extra]


class Streams:
    """What arrived per stream, and connection-level events."""

    def __init__(self):
        self.streams = {}
        self.goaway = None

    def stream(self, stream_id):
        return self.streams.setdefault(stream_id, {"status": None, "headers": {}, "body": "", "trailers": {}, "reset": None, "ended": False})

    def handle(self, conn, events):
        for event in events:
            if isinstance(event, h2.events.ResponseReceived):
                headers = dict(event.headers)
                s = self.stream(event.stream_id)
                s["status"] = int(headers.pop(":status"))
                s["headers"] = headers
            elif isinstance(event, h2.events.TrailersReceived):
                self.stream(event.stream_id)["trailers"] = dict(event.headers)
            elif isinstance(event, h2.events.DataReceived):
                self.stream(event.stream_id)["body"] += event.data.decode("utf-8", "replace")
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                self.stream(event.stream_id)["ended"] = True
            elif isinstance(event, h2.events.StreamReset):
                self.stream(event.stream_id)["reset"] = int(event.error_code)
            elif isinstance(event, h2.events.ConnectionTerminated):
                self.goaway = int(event.error_code)

    def done(self, stream_ids):
        return all(self.stream(i)["ended"] or self.stream(i)["reset"] is not None for i in stream_ids)


def pump(sock, conn, streams, until, seconds=5):
    """Reads and handles frames until `until()` holds, the connection closes or time is up."""
    sock.settimeout(seconds)
    while not until():
        try:
            data = sock.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not data:
            break
        try:
            events = conn.receive_data(data)
        except h2.exceptions.ProtocolError:
            break
        streams.handle(conn, events)
        pending = conn.data_to_send()
        if pending:
            try:
                sock.sendall(pending)
            except OSError:
                break


def get(port, paths):
    """Requests each path on one connection; prints each stream's response."""
    sock, conn = connect(port)
    streams = Streams()
    ids = []
    for path in paths:
        stream_id = conn.get_next_available_stream_id()
        conn.send_headers(stream_id, request_headers(port, path), end_stream=True)
        ids.append(stream_id)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, streams, lambda: streams.done(ids))
    return [streams.stream(i) for i in ids]


def reset_mid_body(port):
    """Stream 1 uploads part of a body and is reset; stream 3 is served meanwhile."""
    sock, conn = connect(port)
    streams = Streams()
    conn.send_headers(1, request_headers(port, "/upload", "POST"))
    conn.send_data(1, b"x" * 1000)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, streams, lambda: False, seconds=0.3)
    conn.reset_stream(1, error_code=8)  # CANCEL
    conn.send_headers(3, request_headers(port, "/"), end_stream=True)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, streams, lambda: streams.done([3]))
    return {"other": streams.stream(3), "goaway": streams.goaway}


def many_streams(port, count):
    """Opens `count` streams at once, beyond the server's limit."""
    sock, conn = connect(port, unlimited=True)
    streams = Streams()
    ids = []
    for _ in range(count):
        stream_id = conn.get_next_available_stream_id()
        conn.send_headers(stream_id, request_headers(port, "/slow"), end_stream=True)
        ids.append(stream_id)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, streams, lambda: streams.done(ids), seconds=10)
    served = sum(1 for i in ids if streams.stream(i)["status"] == 200 and streams.stream(i)["ended"])
    refused = sum(1 for i in ids if streams.stream(i)["reset"] == 7)  # REFUSED_STREAM
    return {"served": served, "refused": refused, "goaway": streams.goaway}


def reset_flood(port, count):
    """Opens and at once resets `count` streams; reports the GOAWAY code."""
    sock, conn = connect(port)
    for _ in range(count):
        stream_id = conn.get_next_available_stream_id()
        conn.send_headers(stream_id, request_headers(port, "/"), end_stream=False)
        conn.reset_stream(stream_id, error_code=8)
    try:
        sock.sendall(conn.data_to_send())
    except OSError:
        pass
    result = {"goaway": None}

    def see(frame):
        if isinstance(frame, GoAwayFrame):
            result["goaway"] = frame.error_code
        return result["goaway"] is not None

    raw_frames(sock, see, seconds=5)
    return result


def queued(port, count, path):
    """A client that keeps to the server's SETTINGS_MAX_CONCURRENT_STREAMS: `count` requests,
    each opened when a stream is free."""
    sock, conn = connect(port)
    streams = Streams()
    ids = []

    def can_open():
        return len(ids) < count and conn.open_outbound_streams < conn.remote_settings.max_concurrent_streams

    while True:
        while can_open():
            stream_id = conn.get_next_available_stream_id()
            conn.send_headers(stream_id, request_headers(port, path), end_stream=True)
            ids.append(stream_id)
        sock.sendall(conn.data_to_send())
        if len(ids) == count and streams.done(ids):
            break
        before = sum(1 for i in ids if streams.done([i]))
        pump(sock, conn, streams, lambda: sum(1 for i in ids if streams.done([i])) > before)
        if sum(1 for i in ids if streams.done([i])) == before:
            break  # Nothing more arrived in time.
    served = sum(1 for i in ids if streams.stream(i)["status"] == 200 and streams.stream(i)["ended"])
    return {"served": served, "limit": conn.remote_settings.max_concurrent_streams}


def malformed(port):
    """Sends requests RFC 9113 calls malformed; reports how each stream ended."""
    cases = {
        "uppercase": [("X-Upper", "1")],
        "connection": [("connection", "keep-alive")],
        "te": [("te", "gzip")],
    }
    result = {}
    for name, extra in cases.items():
        sock, conn = connect(port, validate=False)
        streams = Streams()
        conn.send_headers(1, request_headers(port, "/", extra=extra), end_stream=True)
        sock.sendall(conn.data_to_send())
        pump(sock, conn, streams, lambda: streams.done([1]) or streams.goaway is not None)
        result[name] = {"status": streams.stream(1)["status"], "reset": streams.stream(1)["reset"], "goaway": streams.goaway}
        sock.close()
    # A body longer than its content-length.
    sock, conn = connect(port, validate=False)
    streams = Streams()
    conn.send_headers(1, request_headers(port, "/upload", "POST", extra=[("content-length", "3")]))
    conn.send_data(1, b"toolong", end_stream=True)
    sock.sendall(conn.data_to_send())
    pump(sock, conn, streams, lambda: streams.done([1]) or streams.goaway is not None)
    result["content-length"] = {"status": streams.stream(1)["status"], "reset": streams.stream(1)["reset"], "goaway": streams.goaway}
    return result


def upload(port, size, declared=True):
    """POSTs `size` bytes (more than the window, so flow control must open it), with or
    without a content-length, and reads the answer."""
    sock, conn = connect(port)
    streams = Streams()
    length = [("content-length", str(size))] if declared else []
    conn.send_headers(1, request_headers(port, "/upload", "POST", extra=length))
    sock.sendall(conn.data_to_send())
    remaining = size
    sock.settimeout(5)
    while remaining > 0 and not streams.done([1]):
        window = min(conn.local_flow_control_window(1), conn.max_outbound_frame_size, remaining)
        if window > 0:
            conn.send_data(1, b"a" * window, end_stream=(window == remaining))
            remaining -= window
            sock.sendall(conn.data_to_send())
            continue
        data = sock.recv(65536)
        if not data:
            break
        streams.handle(conn, conn.receive_data(data))
        sock.sendall(conn.data_to_send())
    pump(sock, conn, streams, lambda: streams.done([1]))
    return streams.stream(1)


def slow_reader(port, pause):
    """Requests /stream with a 16 KiB window and reads nothing for `pause` seconds, then
    everything; reports how many body bytes arrived."""
    sock, conn = connect(port, window=16384)
    streams = Streams()
    conn.send_headers(1, request_headers(port, "/stream"), end_stream=True)
    sock.sendall(conn.data_to_send())
    time.sleep(pause)
    pump(sock, conn, streams, lambda: streams.done([1]), seconds=10)
    stream = streams.stream(1)
    return {"status": stream["status"], "bytes": len(stream["body"]), "ended": stream["ended"]}


def idle(port):
    """Opens a connection and sends nothing more; reports the GOAWAY that closes it and when."""
    sock, conn = connect(port)
    started = time.monotonic()
    result = {"goaway": None, "seconds": None}

    def see(frame):
        if isinstance(frame, GoAwayFrame):
            result["goaway"] = frame.error_code
            result["seconds"] = time.monotonic() - started
        elif isinstance(frame, PingFrame) and "ACK" not in frame.flags:
            sock.sendall(PingFrame(0, opaque_data=frame.opaque_data, flags=["ACK"]).serialize())
        return False  # Until the server closes the connection.

    raw_frames(sock, see, seconds=5)
    return result


def graceful(port):
    """Requests /slow (whose app starts the server's shutdown); reports the GOAWAY frames and
    the answer."""
    sock, conn = connect(port)
    conn.send_headers(1, request_headers(port, "/slow"), end_stream=True)
    sock.sendall(conn.data_to_send())
    decoder = hpack.Decoder()
    result = {"goaway": [], "status": None, "body": "", "ended": False, "reset": None}

    def see(frame):
        if isinstance(frame, GoAwayFrame):
            result["goaway"].append({"error": frame.error_code, "last_stream_id": frame.last_stream_id})
        elif isinstance(frame, HeadersFrame):
            headers = dict(decoder.decode(frame.data))
            result["status"] = int(headers.get(":status", headers.get(b":status", 0)))
            result["ended"] = result["ended"] or "END_STREAM" in frame.flags
        elif isinstance(frame, DataFrame):
            result["body"] += frame.data.decode()
            result["ended"] = result["ended"] or "END_STREAM" in frame.flags
        elif isinstance(frame, RstStreamFrame):
            result["reset"] = frame.error_code
        elif isinstance(frame, PingFrame) and "ACK" not in frame.flags:
            ack = PingFrame(0, opaque_data=frame.opaque_data, flags=["ACK"])
            sock.sendall(ack.serialize())
        return False  # Until the server closes the connection.

    raw_frames(sock, see, seconds=8)
    return result


def main():
    scenario, port = sys.argv[1], int(sys.argv[2])
    args = sys.argv[3:]
    if scenario == "get":
        result = get(port, args)
    elif scenario == "reset-mid-body":
        result = reset_mid_body(port)
    elif scenario == "many-streams":
        result = many_streams(port, int(args[0]))
    elif scenario == "queued":
        result = queued(port, int(args[0]), args[1])
    elif scenario == "reset-flood":
        result = reset_flood(port, int(args[0]))
    elif scenario == "malformed":
        result = malformed(port)
    elif scenario == "upload":
        result = upload(port, int(args[0]), declared=args[1:] != ["undeclared"])
    elif scenario == "slow-reader":
        result = slow_reader(port, float(args[0]))
    elif scenario == "idle":
        result = idle(port)
    elif scenario == "graceful":
        result = graceful(port)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
