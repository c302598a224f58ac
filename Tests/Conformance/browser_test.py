"""A real browser against the chat showcase: headless Chromium, driven over the Chrome
DevTools Protocol with Python's `websockets` (no browser driver needed).

Two tabs open the page served by `pagi-server --app 10-chat-showcase`; both join the chat.
The first sends a line over its WebSocket; the second must see it arrive in its activity feed
(server-sent events) and in the room (its own WebSocket), and the REST API must list it in the
room's history. Every wait is bounded; the whole run is bounded by --limit.

Run by .ci/browser.sh, which starts the server and Chromium:
    python Tests/Conformance/browser_test.py --app http://127.0.0.1:PORT --devtools 127.0.0.1:PORT
"""
import argparse
import asyncio
import itertools
import json
import random
import sys
import urllib.request

import websockets


class Failure(Exception):
    """A step that did not happen: the message says which."""


class DevTools:
    """One WebSocket to the browser; commands by id, sessions for the tabs (flat mode)."""

    def __init__(self, socket):
        self.socket = socket
        self.ids = itertools.count(1)
        self.waiting = {}
        self.console = []  # (tab session, text) of console errors and uncaught exceptions
        self.reader = asyncio.create_task(self.read())

    @classmethod
    async def connect(cls, address):
        with urllib.request.urlopen(f"http://{address}/json/version", timeout=5) as answer:
            url = json.load(answer)["webSocketDebuggerUrl"]
        return cls(await websockets.connect(url, max_size=None, open_timeout=5))

    async def read(self):
        async for text in self.socket:
            message = json.loads(text)
            if "id" in message:
                future = self.waiting.pop(message["id"], None)
                if future and not future.done():
                    future.set_result(message)
            elif message.get("method") == "Runtime.exceptionThrown":
                details = message["params"]["exceptionDetails"]
                self.console.append((message.get("sessionId"), details.get("exception", {}).get("description", details.get("text"))))
            elif message.get("method") == "Runtime.consoleAPICalled" and message["params"]["type"] == "error":
                args = message["params"]["args"]
                self.console.append((message.get("sessionId"), " ".join(str(a.get("value", a.get("description", ""))) for a in args)))

    async def call(self, method, params=None, session=None, timeout=10):
        command_id = next(self.ids)
        future = asyncio.get_running_loop().create_future()
        self.waiting[command_id] = future
        command = {"id": command_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        await self.socket.send(json.dumps(command))
        try:
            answer = await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise Failure(f"the browser did not answer {method} within {timeout} s") from None
        if "error" in answer:
            raise Failure(f"{method} failed: {answer['error'].get('message')}")
        return answer["result"]

    async def close(self):
        self.reader.cancel()
        await self.socket.close()


class Tab:
    """A browser tab of its own window, with JavaScript evaluated in its page."""

    def __init__(self, devtools, name, session):
        self.devtools = devtools
        self.name = name
        self.session = session

    @classmethod
    async def open(cls, devtools, name, url):
        target = await devtools.call("Target.createTarget", {"url": "about:blank", "newWindow": True})
        attached = await devtools.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        tab = cls(devtools, name, attached["sessionId"])
        await devtools.call("Runtime.enable", session=tab.session)
        await devtools.call("Page.enable", session=tab.session)
        await devtools.call("Page.navigate", {"url": url}, session=tab.session)
        return tab

    async def evaluate(self, expression):
        result = await self.devtools.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session=self.session
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise Failure(f"{self.name}: script failed: {details.get('exception', {}).get('description', details.get('text'))}")
        return result["result"].get("value")

    async def wait_for(self, expression, what, timeout=15):
        """Polls `expression` until it is true; fails naming `what` after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if await self.evaluate(expression):
                return
            if loop.time() > deadline:
                raise Failure(f"{self.name}: {what}, not within {timeout} s")
            await asyncio.sleep(0.1)

    async def text(self, selector):
        return await self.evaluate(f"[...document.querySelectorAll({json.dumps(selector)})].map(e => e.textContent).join(' | ')")


def contains(selector, text):
    """JavaScript: whether an element matching `selector` contains `text`."""
    return f"[...document.querySelectorAll({json.dumps(selector)})].some(e => e.textContent.includes({json.dumps(text)}))"


async def join(tab, name):
    await tab.wait_for("document.readyState === 'complete' && !!document.getElementById('login-form')", "the page loads")
    await tab.wait_for("document.getElementById('sse-status').dataset.state === 'open'", "the activity feed (EventSource /events) opens")
    await tab.wait_for(contains("#stat-rooms", "3"), "the feed's first statistics arrive (3 rooms)")
    await tab.evaluate(f"document.getElementById('name').value = {json.dumps(name)}; document.getElementById('join-button').click(); true")
    await tab.wait_for("document.getElementById('ws-status').dataset.state === 'open'", "the chat WebSocket (/ws/chat) opens")
    await tab.wait_for(f"document.getElementById('me').textContent === {json.dumps(name)}", f"the server welcomes {name}")
    await tab.wait_for("document.getElementById('room-title').textContent === '#general'", "the lobby #general is joined")


async def scenario(app_url, devtools_address):
    devtools = await DevTools.connect(devtools_address)
    try:
        first = await Tab.open(devtools, "tab 1", app_url + "/")
        second = await Tab.open(devtools, "tab 2", app_url + "/")
        try:
            await join(first, "Ada")
            await join(second, "Grace")
            await first.wait_for(contains("#users li", "Grace"), "Grace appears among the users of #general")
            await second.wait_for(contains("#feed li[data-event='user_connected']", "Ada connected"), "the feed shows Ada connecting")

            line = f"Hello from tab 1, #{random.randrange(10**6)}"
            await first.evaluate(
                "const input = document.getElementById('message-input');"
                f"input.value = {json.dumps(line)};"
                "input.dispatchEvent(new Event('input'));"
                "document.getElementById('send').click(); true"
            )
            await first.wait_for(contains("#messages .line.message .text", line), "Ada's own line comes back through the room")
            await second.wait_for(contains("#feed li[data-event='message']", line), "Ada's line arrives in the activity feed (SSE)")
            await second.wait_for(contains("#messages .line.message", "Ada"), "Ada's line arrives in #general (WebSocket) with her name")
            await second.wait_for(contains("#messages .line.message .text", line), "Ada's line arrives in #general (WebSocket)")
            history = await second.evaluate("fetch('/api/room/general/history').then(r => r.json()).then(h => h.map(m => m.text))")
            if line not in (history or []):
                raise Failure(f"GET /api/room/general/history does not list the line: {history}")
            print(f"browser: {line!r} sent by tab 1 over its WebSocket reached tab 2 over SSE and its WebSocket; REST history lists it")
        except Failure:
            for tab in (first, second):
                print(f"  {tab.name} status: chat {await tab.text('#ws-status')}, feed {await tab.text('#sse-status')}", file=sys.stderr)
                print(f"  {tab.name} messages: {(await tab.text('#messages .line'))[-400:]}", file=sys.stderr)
                print(f"  {tab.name} feed: {(await tab.text('#feed li'))[-400:]}", file=sys.stderr)
            raise
        finally:
            errors = [text for _, text in devtools.console]
            if errors:
                print("  console errors: " + "; ".join(errors[:5]), file=sys.stderr)
    finally:
        await devtools.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", required=True, help="the showcase's base URL, http://127.0.0.1:PORT")
    parser.add_argument("--devtools", required=True, help="Chromium's remote debugging address, 127.0.0.1:PORT")
    parser.add_argument("--limit", type=float, default=40, help="seconds for the whole run")
    options = parser.parse_args()
    try:
        asyncio.run(asyncio.wait_for(scenario(options.app, options.devtools), options.limit))
    except Failure as failure:
        sys.exit(f"browser: FAILED: {failure}")
    except asyncio.TimeoutError:
        sys.exit(f"browser: FAILED: the run took more than {options.limit} s")
    except (OSError, websockets.exceptions.WebSocketException) as error:
        sys.exit(f"browser: FAILED: no connection to Chromium's DevTools at {options.devtools}: {error}")


if __name__ == "__main__":
    main()
