"""Live WebSocket tests: pagi-server serving the `websocket-features` example, driven by
Python's `websockets` client (an independent, strict RFC 6455/7692 implementation).

Run: python Tests/Conformance/websocket_test.py   (PAGI_SERVER names the binary;
default .build/debug/pagi-server). Each test class starts its own server on a free port.
"""
import asyncio
import base64
import os
import re
import signal
import socket
import subprocess
import threading
import time
import unittest

import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVER = os.environ.get("PAGI_SERVER", os.path.join(ROOT, ".build", "debug", "pagi-server"))


class Server:
    """pagi-server on 127.0.0.1 and a free port, with extra options."""

    def __init__(self, *options):
        self.process = subprocess.Popen(
            [SERVER, "--app", "websocket-features", "--port", "0", "--no-access-log", *options],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )
        deadline = time.monotonic() + 30
        for line in self.process.stderr:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if match:
                self.port = int(match.group(1))
                break
            if time.monotonic() > deadline:
                break
        else:
            raise RuntimeError("pagi-server did not start")
        # Keep reading its log, so that a chatty server never blocks on a full pipe.
        self.log = []
        threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()

    def url(self, path):
        return f"ws://127.0.0.1:{self.port}{path}"

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=20)
        return code


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 20))


class DefaultServerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--ws-max-size", "65536")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_echo_of_text_binary_and_fragments(self):
        async def scenario():
            async with websockets.connect(self.server.url("/echo")) as ws:
                await ws.send("héllo")
                self.assertEqual(await ws.recv(), "héllo")
                await ws.send(b"\x00\xff" * 100)
                self.assertEqual(await ws.recv(), b"\x00\xff" * 100)
                await ws.send(["frag", "men", "ted"])
                self.assertEqual(await ws.recv(), "fragmented")
                latency = await ws.ping()
                await latency
        run(scenario())

    def test_subprotocol_is_chosen_from_the_clients_list(self):
        async def scenario():
            async with websockets.connect(self.server.url("/echo"), subprotocols=["mqtt", "chat.v1", "chat.v2"]) as ws:
                self.assertEqual(ws.subprotocol, "chat.v1")
            async with websockets.connect(self.server.url("/echo"), subprotocols=["mqtt"]) as ws:
                self.assertIsNone(ws.subprotocol)
        run(scenario())

    def test_denial_response_and_403(self):
        async def scenario():
            with self.assertRaises(InvalidStatus) as denied:
                await websockets.connect(self.server.url("/private"))
            response = denied.exception.response
            self.assertEqual(response.status_code, 401)
            self.assertEqual(response.headers["www-authenticate"], "Bearer")
            self.assertEqual(response.body, b'{"error":"unauthorized"}')
            async with websockets.connect(self.server.url("/private"), additional_headers={"Authorization": "Bearer letmein"}) as ws:
                await ws.send("in")
                self.assertEqual(await ws.recv(), "in")
            with self.assertRaises(InvalidStatus) as rejected:
                await websockets.connect(self.server.url("/reject"))
            self.assertEqual(rejected.exception.response.status_code, 403)
        run(scenario())

    def test_close_paths(self):
        async def scenario():
            # The client closes: the server echoes its code.
            ws = await websockets.connect(self.server.url("/echo"))
            await ws.close(code=4321, reason="bye")
            self.assertEqual(ws.protocol.close_rcvd.code, 4321)
            # The application closes with its code and reason.
            async with websockets.connect(self.server.url("/close?code=4001&reason=done")) as ws:
                with self.assertRaises(ConnectionClosed) as closed:
                    await ws.recv()
                self.assertEqual((closed.exception.rcvd.code, closed.exception.rcvd.reason), (4001, "done"))
            # The application throws: 1011.
            async with websockets.connect(self.server.url("/fail")) as ws:
                with self.assertRaises(ConnectionClosed) as closed:
                    await ws.recv()
                self.assertEqual(closed.exception.rcvd.code, 1011)
            # A message over --ws-max-size: 1009.
            async with websockets.connect(self.server.url("/echo"), compression=None) as ws:
                await ws.send("x" * 70000)
                with self.assertRaises(ConnectionClosed) as closed:
                    await ws.recv()
                self.assertEqual(closed.exception.rcvd.code, 1009)
        run(scenario())

    def test_compression_negotiated_and_declined(self):
        async def scenario():
            async with websockets.connect(self.server.url("/echo")) as ws:
                self.assertIn("permessage-deflate", ws.response.headers["sec-websocket-extensions"])
                text = "compress me " * 1000
                await ws.send(text)
                self.assertEqual(await ws.recv(), text)
            offer = ClientPerMessageDeflateFactory(server_no_context_takeover=True, client_no_context_takeover=True, server_max_window_bits=10)
            async with websockets.connect(self.server.url("/echo"), extensions=[offer]) as ws:
                self.assertEqual(
                    ws.response.headers["sec-websocket-extensions"],
                    "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
                )
                for _ in range(3):
                    await ws.send("again " * 500)
                    self.assertEqual(await ws.recv(), "again " * 500)
            async with websockets.connect(self.server.url("/echo"), compression=None) as ws:
                self.assertNotIn("sec-websocket-extensions", ws.response.headers)
        run(scenario())

    def test_keepalive_pings_are_answered_by_a_live_client(self):
        async def scenario():
            async with websockets.connect(self.server.url("/keepalive?interval=0.1&timeout=0.5"), ping_interval=None) as ws:
                await asyncio.sleep(0.6)  # Several server pings, answered by the client library.
                await ws.send("alive")
                self.assertEqual(await ws.recv(), "alive")
        run(scenario())

    def test_a_client_that_never_answers_pings_is_dropped(self):
        # A raw client: the handshake by hand, then silence (no pong).
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as sock:
            key = base64.b64encode(os.urandom(16)).decode()
            sock.sendall((
                "GET /keepalive?interval=0.1&timeout=0.2 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode())
            received = b""
            started = time.monotonic()
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                received += chunk
            self.assertIn(b" 101 ", received.split(b"\r\n", 1)[0])
            self.assertIn(b"\x89", received)  # At least one ping frame arrived before the drop.
            self.assertLess(time.monotonic() - started, 3)


class ShortLimitsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("--ws-max-queue", "2", "--timeout-ws-queue", "0.3", "--ws-ping-interval", "0")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_an_application_that_stops_reading_gets_1008(self):
        async def scenario():
            async with websockets.connect(self.server.url("/slow?seconds=3"), compression=None) as ws:
                for index in range(50):
                    await ws.send(f"message {index}")
                with self.assertRaises(ConnectionClosed) as closed:
                    while True:
                        await ws.recv()
                self.assertEqual(closed.exception.rcvd.code, 1008)
        run(scenario())

    def test_a_slow_reader_within_the_queue_loses_nothing(self):
        async def scenario():
            async with websockets.connect(self.server.url("/slow?seconds=0.2"), compression=None) as ws:
                for index in range(10):
                    await ws.send(f"message {index}")
                self.assertEqual([await ws.recv() for _ in range(10)], [f"message {i}" for i in range(10)])
        run(scenario())


class ShutdownTests(unittest.TestCase):
    def test_graceful_shutdown_closes_open_websockets_with_1001(self):
        server = Server("--timeout-graceful-shutdown", "5")

        async def scenario():
            async with websockets.connect(server.url("/echo")) as ws:
                await ws.send("before")
                self.assertEqual(await ws.recv(), "before")
                server.process.send_signal(signal.SIGTERM)
                with self.assertRaises(ConnectionClosed) as closed:
                    await ws.recv()
                self.assertEqual(closed.exception.rcvd.code, 1001)
        try:
            run(scenario())
            self.assertEqual(server.process.wait(timeout=10), 0)
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
