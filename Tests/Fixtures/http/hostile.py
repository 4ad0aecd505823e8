"""Hostile HTTP servers: one misbehaviour per process, for Preflight's HTTP robustness tests.

Raw asyncio sockets (no HTTP framework), so the bytes on the wire are exactly these.
Every case reads the request head (and a Content-Length body, if any) first. Each
exits 0 at once on SIGTERM/SIGINT, dropping whatever connections are open.

  trickle              a valid 200 JSON-RPC answer (tools/list-shaped) sent one byte per --interval (1 s)
  endless-sse          200 text/event-stream, then a notifications/message every 10 ms, forever; never the response
  redirect-other-host  302 Location: http://example.invalid/mcp for every request
  huge-headers         200 with ~1 MB of response headers (1,024 x 1 KiB), then a valid JSON body
  wrong-content-type   200 Content-Type: text/html with an HTML login page (a proxy's, say)
  endless-body         200 application/json, chunked, a JSON string that never ends (64 KiB chunks)
  accept-no-answer     accepts the TCP connection and reads, but never writes a byte
  slow-headers         status line, then one header line per --interval, forever (head never ends)

Run:  hostile.py --case CASE --port 0 [--interval S]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _fixture_common import announce, bind_loopback  # noqa: E402

CASES = ("trickle", "endless-sse", "redirect-other-host", "huge-headers", "wrong-content-type",
         "endless-body", "accept-no-answer", "slow-headers")


def answer_for(request_body: bytes) -> bytes:
    try:
        request_id = json.loads(request_body).get("id", 1)
    except (ValueError, AttributeError):
        request_id = 1
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "result": {"tools": [], "resultType": "complete",
                                                                      "ttlMs": 0, "cacheScope": "private"}}).encode()


async def read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1].strip() or 0)
    return await reader.readexactly(length) if length else b""


async def handle(case: str, interval: float, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        body = await read_request(reader)
        if case == "accept-no-answer":
            await asyncio.Event().wait()
        elif case == "trickle":
            payload = answer_for(body)
            data = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
            for i in range(len(data)):
                writer.write(data[i:i + 1])
                await writer.drain()
                await asyncio.sleep(interval)
        elif case == "endless-sse":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")
            n = 0
            while True:
                n += 1
                note = {"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": f"tick {n}"}}
                writer.write(f"event: message\ndata: {json.dumps(note)}\n\n".encode())
                await writer.drain()
                await asyncio.sleep(0.01)
        elif case == "redirect-other-host":
            writer.write(b"HTTP/1.1 302 Found\r\nLocation: http://example.invalid/mcp\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
        elif case == "huge-headers":
            payload = answer_for(body)
            filler = b"".join(b"X-Filler-%04d: " % i + b"a" * 1000 + b"\r\n" for i in range(1024))
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + filler
                         + f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
            await writer.drain()
        elif case == "wrong-content-type":
            page = b"<html><head><title>Sign in</title></head><body><form>Please sign in</form></body></html>"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                         + f"Content-Length: {len(page)}\r\n\r\n".encode() + page)
            await writer.drain()
        elif case == "endless-body":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            first = b'{"jsonrpc":"2.0","id":1,"result":{"pad":"'
            writer.write(b"%x\r\n%s\r\n" % (len(first), first))
            chunk = b"a" * 65536
            while True:
                writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                await writer.drain()
        elif case == "slow-headers":
            writer.write(b"HTTP/1.1 200 OK\r\n")
            n = 0
            while True:
                await writer.drain()
                await asyncio.sleep(interval)
                n += 1
                writer.write(b"X-Slow-%d: still coming\r\n" % n)
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def serve(case: str, port: int, interval: float) -> None:
    sock = bind_loopback(port)
    server = await asyncio.start_server(lambda r, w: handle(case, interval, r, w), sock=sock, limit=1 << 20)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    announce(sock)
    await stop.wait()
    os._exit(0)  # do not wait for the endless handlers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", required=True, choices=CASES)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between bytes (trickle) or header lines (slow-headers)")
    args = parser.parse_args()
    asyncio.run(serve(args.case, args.port, args.interval))


if __name__ == "__main__":
    main()
