"""A stand-in for the GOV.UK Notify API on loopback, checking each request against Notify's documented shapes.

What it checks of ``POST /v2/notifications/email`` (Notify's REST API documentation, "Send an email"):
- an ``Authorization: Bearer`` JSON Web Token signed with HS256 by the API key's secret, with ``iss`` the
  service ID from the key and ``iat`` within 30 seconds of now;
- a JSON body with ``email_address`` and ``template_id`` (strings, the template one the service has), and
  only the optional ``personalisation`` (an object), ``reference``, ``email_reply_to_id`` and
  ``one_click_unsubscribe_url``; every ``((field))`` of the template must be in the personalisation.
It answers 201 with the documented response (``id``, ``reference``, ``content`` with ``subject``, ``body`` and
``from_email``, ``uri``, ``template`` with ``id``, ``version`` and ``uri``), or the documented errors: 400
``BadRequestError``/``ValidationError``, 403 ``AuthError``, 429 ``RateLimitError`` and 500 ``Exception``, each
as ``{"status_code": N, "errors": [{"error": ..., "message": ...}]}``. ``fail_next`` makes it answer errors.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

from tests.servers import free_port

SERVICE_ID = "2f9b4a46-7c41-4d2c-9a1e-0d3c5b6a7e81"
SECRET = "8c1d7e2a-3b4f-4a6d-9e0c-5f7a8b9c0d1e"
API_KEY = f"upskill_test-{SERVICE_ID}-{SECRET}"
OPTIONAL = {"personalisation", "reference", "email_reply_to_id", "one_click_unsubscribe_url"}


class FakeNotify:
    def __init__(self, templates: dict[str, str]):
        self.templates = templates  # template id -> template text with ((fields))
        self.sent: list[dict] = []
        self.refused: list[tuple[int, str]] = []
        self.fail_next: list[int] = []  # status codes to answer, one per request, before accepting again
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _check(self, headers, raw: bytes) -> tuple[int, str, str] | dict:
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return 403, "AuthError", "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(auth[7:], SECRET, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.PyJWTError:
            return 403, "AuthError", "Invalid token: signature, api token not found"
        if claims.get("iss") != SERVICE_ID:
            return 403, "AuthError", "Invalid token: service not found"
        if abs(time.time() - float(claims.get("iat", 0))) > 30:
            return 403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
        if headers.get("Content-Type", "").split(";")[0] != "application/json":
            return 400, "BadRequestError", "Content-Type must be application/json"
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, "BadRequestError", "Invalid JSON supplied in POST data"
        if not isinstance(body, dict):
            return 400, "ValidationError", "The body must be a JSON object"
        unknown = set(body) - OPTIONAL - {"email_address", "template_id"}
        if unknown:
            return 400, "ValidationError", f"Additional properties are not allowed ({sorted(unknown)})"
        for field in ("email_address", "template_id"):
            if not isinstance(body.get(field), str):
                return 400, "ValidationError", f"{field} is a required property"
        if "@" not in body["email_address"]:
            return 400, "ValidationError", "email_address Not a valid email address"
        if body["template_id"] not in self.templates:
            return 400, "BadRequestError", "Template not found"
        personalisation = body.get("personalisation", {})
        if not isinstance(personalisation, dict):
            return 400, "ValidationError", "personalisation must be an object"
        missing = [
            f for f in re.findall(r"\(\(([^)]+)\)\)", self.templates[body["template_id"]]) if f not in personalisation
        ]
        if missing:
            return 400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}"
        return body

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path != "/v2/notifications/email":
                    return self._answer(404, {"status_code": 404, "errors": [{"error": "NotFound", "message": "x"}]})
                if fake.fail_next:
                    status = fake.fail_next.pop(0)
                    error = {429: "RateLimitError", 500: "Exception"}.get(status, "BadRequestError")
                    return self._answer(status, {"status_code": status, "errors": [{"error": error, "message": "no"}]})
                checked = fake._check(self.headers, raw)
                if isinstance(checked, tuple):
                    status, error, message = checked
                    fake.refused.append((status, message))
                    return self._answer(
                        status, {"status_code": status, "errors": [{"error": error, "message": message}]}
                    )
                fake.sent.append(checked)
                notification_id = str(uuid.uuid4())
                template_id = checked["template_id"]
                fields = checked.get("personalisation", {})
                text = re.sub(
                    r"\(\(([^)]+)\)\)", lambda m: str(fields.get(m.group(1), "")), fake.templates[template_id]
                )
                self._answer(
                    201,
                    {
                        "id": notification_id,
                        "reference": checked.get("reference"),
                        "content": {
                            "subject": fields.get("subject", ""),
                            "body": text,
                            "from_email": "learning@gov.uk",
                        },
                        "uri": f"{fake.url}/v2/notifications/{notification_id}",
                        "template": {"id": template_id, "version": 1, "uri": f"{fake.url}/v2/template/{template_id}"},
                    },
                )

        return Handler
