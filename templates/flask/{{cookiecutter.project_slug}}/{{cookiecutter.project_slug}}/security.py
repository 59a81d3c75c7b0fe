"""Production hardening: trusted proxies, HTTPS, and security headers on every response.

- `PROXY_COUNT` reverse proxies are trusted for the client address, scheme and host (ProxyFix);
  nobody else's X-Forwarded-* headers are.
- `TRUSTED_HOSTS` (Flask's own setting) answers any other Host header with 400.
- Production redirects plain HTTP to HTTPS and sends HSTS (`HSTS_SECONDS`). The health checks stay
  reachable over HTTP: load balancers and orchestrators probe them inside the network.
- The Content-Security-Policy allows the site's own scripts, styles and images and nothing inline.
  A feature whose pages cannot follow it (a library's) relaxes it under its own path only, with
  `relax_content_security_policy`.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix

HEALTH_PATH = "/health"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Stylesheets may embed small images as data: URLs.
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def init_app(app: Flask) -> None:
    """Trust the configured proxies, redirect to HTTPS and add the headers to every response."""
    proxies = app.config["PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.extensions["csp_exceptions"] = []
    app.before_request(redirect_to_https)
    app.after_request(set_security_headers)


def relax_content_security_policy(app: Flask, path: str, directives: dict[str, str]) -> None:
    """Replace these directives of the policy for the URLs under `path`, and only there."""
    app.extensions["csp_exceptions"].append((path, directives))


def redirect_to_https() -> Response | None:
    """In production, send plain-HTTP requests to the same URL over HTTPS (308 keeps the method)."""
    if not current_app.config["HTTPS_REDIRECT"] or request.is_secure:
        return None
    if request.path == HEALTH_PATH or request.path.startswith(HEALTH_PATH + "/"):
        return None
    return redirect(request.url.replace("http://", "https://", 1), code=308)  # type: ignore[return-value]


def content_security_policy() -> str:
    policy = dict(CONTENT_SECURITY_POLICY)
    for path, directives in current_app.extensions["csp_exceptions"]:
        if request.path.startswith(path):
            policy.update(directives)
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def set_security_headers(response: Response) -> Response:
    """Add the security headers a view has not set itself."""
    headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    headers.setdefault("Content-Security-Policy", content_security_policy())
    seconds = current_app.config["HSTS_SECONDS"]
    if seconds and request.is_secure:
        headers.setdefault("Strict-Transport-Security", f"max-age={seconds}")
    return response
