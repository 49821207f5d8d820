"""
Real local SMTP servers (aiosmtpd) for the notification tests and bench:
one that accepts and keeps what it receives, one that hangs after the
message is sent (never answers the end of DATA), and one that refuses it
with a 5xx reply.
"""

import asyncio
import random
import socket
import threading
from contextlib import contextmanager

from aiosmtpd.controller import Controller

#: This project's test servers use ports in this range.
PORTS = range(8200, 8300)


class Accepting:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


class Hanging:
    """
    Takes the message, then does not answer: the client waits for its
    timeout. A test that wants to end the wait itself calls ``release()``,
    and the server then answers "451 try again later".
    """

    def __init__(self):
        self.attempts = 0
        self.released = threading.Event()

    def release(self):
        self.released.set()

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        for _ in range(36_000):
            if self.released.is_set():
                return "451 4.3.0 Try again later"
            await asyncio.sleep(0.1)
        return "250 too late"


class Refusing:
    def __init__(self):
        self.attempts = 0

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        return "554 5.7.1 Message refused by policy"


def free_port(ports=PORTS):
    """A port in ``ports`` nothing listens on, tried in random order so that two test runs at once rarely pick the same one."""
    for port in random.sample(ports, len(ports)):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports.start}-{ports.stop - 1} for a test SMTP server.")


@contextmanager
def smtp_server(handler, port=None):
    """Run ``handler`` as a real SMTP server on 127.0.0.1; yields the port."""
    port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    try:
        yield port
    finally:
        controller.stop(no_assert=True)
