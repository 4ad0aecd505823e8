"""Shared plumbing for the HTTP fixture servers in this folder.

Every fixture binds loopback only, takes ``--port`` (0 = let the kernel pick) and
prints ``LISTENING <port>`` on stderr once it accepts connections, so a test (or
Preflight's own tests) can start it as a real process and learn its port without
sleeping. Nothing here imports the ``mcp`` package: ``deviant.py``,
``legacy_sse.py`` and ``hostile.py`` need only the standard library plus
starlette/uvicorn, and must behave the same whatever SDK is installed.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import threading
import time
from typing import Any

LOOPBACK = "127.0.0.1"


def bind_loopback(port: int, host: str = LOOPBACK) -> socket.socket:
    """A listening TCP socket on loopback. Refuses any other host: fixtures must not be reachable from outside."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to bind {host!r}: fixtures bind loopback only")
    family = socket.AF_INET6 if host == "::1" else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and without it
    # a kept-alive client waits ~40 ms for every answer (Nagle against its delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def announce(sock: socket.socket) -> None:
    """Print the LISTENING line the tests wait for (stderr, flushed)."""
    print(f"LISTENING {sock.getsockname()[1]}", file=sys.stderr, flush=True)


def run_uvicorn(
    app: Any,
    sock: socket.socket,
    *,
    log_level: str = "warning",
    graceful_timeout: float | None = None,
    on_exit_signal: Any = None,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> None:
    """Serve an ASGI app with uvicorn on an already-bound socket; announce once started.

    uvicorn's own SIGTERM/SIGINT handling applies: it stops accepting, lets
    in-flight requests finish (up to ``graceful_timeout`` seconds, None = no
    limit) and runs the lifespan shutdown. uvicorn then restores the signal
    handlers it found and re-raises the signal it caught; with the default
    handler a uvicorn server therefore dies *by* SIGTERM even after a clean
    drain. The fixtures install exit-0 handlers first, so they exit 0.

    ``on_exit_signal(sig)`` is called (in the signal handler, on the event loop's
    thread) before uvicorn starts its shutdown: an app uses it to end its
    long-lived streams, or to die on the spot.
    """
    import faulthandler
    import signal

    import uvicorn

    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 <pid>` dumps the Python stacks

    def _exit_zero(signum: int, _frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _exit_zero)
    signal.signal(signal.SIGINT, _exit_zero)

    class _AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                announce(sock)

        def handle_exit(self, sig: int, frame: Any) -> None:
            # Watchdog: uvicorn's shutdown can hang (seen once with fastmcp when SIGTERM lands
            # right after startup: the lifespan shutdown never completes). A fixture must
            # exit on SIGTERM, so give the drain its time and then force the exit, loudly.
            if not self.should_exit:
                limit = (graceful_timeout if graceful_timeout is not None else 30.0) + 5.0

                def _force() -> None:
                    time.sleep(limit)
                    print(f"FORCED EXIT: shutdown still running {limit:.0f} s after signal {sig}",
                          file=sys.stderr, flush=True)
                    os._exit(1)

                threading.Thread(target=_force, daemon=True).start()
                if on_exit_signal is not None:
                    on_exit_signal(sig)
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        app,
        log_level=log_level,
        timeout_graceful_shutdown=graceful_timeout,
        lifespan="on",
        access_log=False,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )
    server = _AnnouncingServer(config)
    asyncio.run(server.serve(sockets=[sock]))
