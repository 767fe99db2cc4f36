"""Local stand-ins for Stripe used by the billing tests.

`LocalStripe` runs the localstripe emulator in a subprocess. It lacks the billing
portal, so `FakePortalServer` handles POST /v1/billing_portal/sessions the way Stripe
does and records each request that the stripe library sends.
"""

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalStripe:
    def __init__(self, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "localstripe", "--port", str(self.port)]
            + ["--from-scratch"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout=20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"localstripe exited with {self._process.returncode}"
                )
            try:
                urllib.request.urlopen(f"{self.url}/v1/customers", timeout=1)
            except urllib.error.HTTPError:
                return  # 401 without a key: the server is up.
            except OSError:
                time.sleep(0.1)
                continue
            return
        raise RuntimeError(f"localstripe did not answer on {self.url} in {timeout} s")

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._log.close()


class _PortalHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append(
            {
                "path": self.path,
                "form": {k: v[0] for k, v in parse_qs(body.decode()).items()},
                "authorization": self.headers.get("Authorization", ""),
            }
        )
        if self.path != "/v1/billing_portal/sessions":
            return self._reply(404, {"error": {"message": "Not found"}})
        session = {
            "id": "bps_test_portal",
            "object": "billing_portal.session",
            "customer": self.server.requests[-1]["form"].get("customer"),
            "return_url": self.server.requests[-1]["form"].get("return_url"),
            "url": f"{self.server.url}/portal/session/bps_test_portal",
        }
        self._reply(200, session)

    def do_GET(self):
        page = b"<!doctype html><title>Stripe portal</title><h1>Fake Stripe portal</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def _reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class FakePortalServer:
    def __init__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _PortalHandler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._server.url = self.url
        self._server.requests = []
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def requests(self) -> list:
        return self._server.requests

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _FailingHandler(BaseHTTPRequestHandler):
    def _fail(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append(self.path)
        if self.server.status is None:
            # Hold the connection open without replying, like a hung server.
            self.server.release.wait(timeout=60)
            return
        body = json.dumps(
            {"error": {"type": "api_error", "message": "Simulated failure"}}
        ).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _fail
    do_POST = _fail

    def log_message(self, format, *args):
        pass


class FailingStripeServer:
    """Respond to every request with HTTP `status`, or never respond when it is None."""

    def __init__(self, status: int | None):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingHandler)
        self._server.daemon_threads = True
        self._server.status = status
        self._server.requests = []
        self._server.release = threading.Event()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def requests(self) -> list:
        return self._server.requests

    def stop(self) -> None:
        self._server.release.set()
        self._server.shutdown()
        self._server.server_close()
