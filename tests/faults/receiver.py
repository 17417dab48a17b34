"""A real webhook receiver on loopback that can misbehave on demand: answer (``ok``), answer
after a pause (``slow``), hold the connection open without answering (``hang``), or reset the
connection (``reset``). It records each event it acknowledged, by extraction and event id."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 1.5
HANG_SECONDS = 30.0


class Receiver:
    def __init__(self) -> None:
        self.mode = "ok"
        self.received: dict[str, list[str]] = defaultdict(list)  # extraction id -> event ids
        self.attempts = 0
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def set_mode(self, mode: str) -> None:
        assert mode in {"ok", "slow", "hang", "reset"}
        self.mode = mode
        if mode == "hang":
            self.released.clear()
        else:
            self.released.set()  # hung connections are let go (unanswered)

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def events_of(self, extraction_id: str) -> set[str]:
        with self.lock:
            return set(self.received.get(extraction_id, []))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.attempts += 1
                mode = receiver.mode
                if mode == "reset":
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.connection.close()
                    self.close_connection = True
                    return
                if mode == "hang":
                    receiver.released.wait(HANG_SECONDS)
                    self.close_connection = True
                    return  # never answered
                if mode == "slow":
                    time.sleep(SLOW_SECONDS)
                event = json.loads(body)
                with receiver.lock:
                    receiver.received[event["data"]["id"]].append(self.headers["webhook-id"])
                self.send_response(204)
                self.end_headers()

        return Handler
