"""uvicorn peer: the benchmark endpoints as a raw ASGI 3 application, no framework.

Run from this directory (or point --app-dir at it):

    uvicorn uvicorn_app:app --loop uvloop --http httptools --no-access-log \
        --log-level warning --port P --workers W

Endpoints, with the same bodies as the Swift peers (nio-bench, hummingbird-bench):

- GET  /plaintext  "Hello, World!" as text/plain
- GET  /json       {"message":"Hello, World!"}, serialised per request
- POST /echo       the request body back, with its length
- GET  /stream     1 MiB as 16 chunks of 64 KiB, chunked transfer encoding
- GET  /sse        ?count=N events (1000 by default) as text/event-stream, then the end
- WS   /ws         every text and binary message echoed back
- anything else    404 "Not Found" (a WebSocket handshake elsewhere than /ws: 403)
"""

import json

PLAINTEXT = b"Hello, World!"
NOT_FOUND = b"Not Found"
MESSAGE = {"message": "Hello, World!"}

TEXT = b"text/plain; charset=utf-8"
JSON = b"application/json"
BINARY = b"application/octet-stream"

# One 64 KiB buffer of "x", sent 16 times per /stream response.
STREAM_CHUNK = b"x" * (64 * 1024)
STREAM_CHUNKS = 16


async def app(scope, receive, send):
    kind = scope["type"]
    if kind == "http":
        await http(scope, receive, send)
    elif kind == "websocket":
        await websocket(scope, receive, send)
    elif kind == "lifespan":
        await lifespan(receive, send)


async def http(scope, receive, send):
    route = (scope["method"], scope["path"])
    if route == ("GET", "/plaintext"):
        await respond(send, 200, TEXT, PLAINTEXT)
    elif route == ("GET", "/json"):
        # Compact separators: json.dumps' default adds spaces the other peers do not send.
        body = json.dumps(MESSAGE, separators=(",", ":")).encode()
        await respond(send, 200, JSON, body)
    elif route == ("POST", "/echo"):
        await respond(send, 200, BINARY, await read_body(receive))
    elif route == ("GET", "/stream"):
        await stream(send)
    elif route == ("GET", "/sse"):
        await event_stream(scope, send)
    else:
        await respond(send, 404, TEXT, NOT_FOUND)


async def respond(send, status, content_type, body):
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
        ],
    })
    await send({"type": "http.response.body", "body": body})


async def read_body(receive):
    parts = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)


async def stream(send):
    # No content-length: uvicorn answers HTTP/1.1 with chunked transfer encoding, and each
    # send() waits while the transport is above its high-water mark.
    await send({
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", BINARY)],
    })
    for index in range(1, STREAM_CHUNKS + 1):
        await send({
            "type": "http.response.body",
            "body": STREAM_CHUNK,
            "more_body": index < STREAM_CHUNKS,
        })


async def event_stream(scope, send):
    # `count` events (1000 by default), each its own body message, then the end.
    query = dict(pair.split(b"=", 1) for pair in scope["query_string"].split(b"&") if b"=" in pair)
    count = int(query.get(b"count", b"1000"))
    await send({
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")],
    })
    for index in range(count):
        await send({"type": "http.response.body", "body": b"data: tick %d\n\n" % index, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def websocket(scope, receive, send):
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    if scope["path"] != "/ws":
        # Closing before accepting answers the handshake with 403. (uvicorn 0.54's denial-response
        # extension would allow a 404, but logs an ERROR for every such request.)
        await send({"type": "websocket.close"})
        return
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] != "websocket.receive":
            return  # websocket.disconnect
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message.get("bytes") or b""})


async def lifespan(receive, send):
    # Nothing to set up, but answering keeps uvicorn from logging that lifespan is unsupported.
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
