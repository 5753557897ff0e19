"""Server hardening as one ASGI middleware: the Host allow-list (DNS rebinding), security headers
(CSP, ``X-Content-Type-Options``, ``frame-ancestors``), and HEAD answered as GET without a body."""

from __future__ import annotations

import json
from typing import Any

#: The app's own scripts, styles and images only (no CDN); data: images for map markers and tiles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
#: Swagger UI and ReDoc (``/docs``, ``/redoc``) start with an inline script.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def host_name(value: str) -> str:
    """The host of a Host header, without the port (``[::1]:8000`` -> ``::1``), lower case."""
    v = value.strip().lower()
    if v.startswith("["):
        return v[1 : v.find("]")] if "]" in v else v
    return v.rsplit(":", 1)[0] if v.count(":") == 1 else v


class Guard:
    """Answers 400 (JSON) to a request whose Host is not allowed; adds the security headers to every response;
    serves HEAD as GET with the body dropped."""

    def __init__(self, app: Any, *, allowed_hosts: list[str]) -> None:
        self.app = app
        self.any = "*" in allowed_hosts
        self.allowed = {host_name(h) for h in allowed_hosts}

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        if not self.any and host_name(host) not in self.allowed:
            body = json.dumps({"error": "InputError", "detail": "unknown Host header"}).encode()
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()), *HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        path = scope.get("path", "")
        csp = (DOCS_CSP if path.startswith(("/docs", "/redoc")) else CSP).encode()

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *HEADERS,
                                                  (b"content-security-policy", csp)]}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)
