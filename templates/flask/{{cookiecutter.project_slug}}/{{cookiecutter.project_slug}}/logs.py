"""Logging to stderr, as text or JSON (LOG_FORMAT=json), and error reporting to Sentry (SENTRY_DSN).

gunicorn, `flask run` and a container runtime all collect stderr; a log collector reads one JSON
object per line without parsing free text.
"""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sentry_sdk

if TYPE_CHECKING:
    from .config import Config


class JSONFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(config: Config) -> None:
    """Set up logging for the process, then Sentry when a DSN is configured."""
    json_logs = config.LOG_FORMAT == "json"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
                "json": {"()": JSONFormatter},
            },
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "formatter": "json" if json_logs else "text",
                    "stream": "ext://sys.stderr",
                },
            },
            "root": {"level": config.LOG_LEVEL, "handlers": ["stderr"]},
        }
    )
    if config.SENTRY_DSN:
        # The integrations for the libraries the project uses (Flask first) switch on by
        # themselves; no personal data is sent by default.
        sentry_sdk.init(dsn=config.SENTRY_DSN, send_default_pii=False)
