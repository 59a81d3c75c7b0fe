"""Gunicorn settings, read from the working directory by `gunicorn` (see the README).

Gunicorn binds 127.0.0.1:8000 by default, or every interface on $PORT when PORT is set
(as container platforms do); WEB_CONCURRENCY overrides the number of workers.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
