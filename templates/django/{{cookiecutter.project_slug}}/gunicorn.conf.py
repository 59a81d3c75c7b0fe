"""Gunicorn settings, read from the working directory by `gunicorn` (see the README).

Gunicorn binds 127.0.0.1:8000 by default, or every interface on $PORT when PORT is set
(as container platforms do); WEB_CONCURRENCY overrides the number of workers.
GUNICORN_CMD_ARGS overrides any setting here, e.g. GUNICORN_CMD_ARGS="--max-requests 10000".
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers live until gunicorn stops (0, its default): a restart re-imports Django, which costs
# throughput. To bound a slow memory leak, set GUNICORN_MAX_REQUESTS (e.g. 10000); workers then
# restart after that many requests, give or take a tenth so they do not all restart at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 0)
max_requests_jitter = max_requests // 10
# No access log unless GUNICORN_ACCESSLOG names a file ("-" for standard output): the proxy in
# front usually logs requests, and a line per request costs throughput. Errors always go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
