"""Log records as JSON, one object per line, for log collectors (DJANGO_LOG_JSON=True)."""

import json
import logging
from datetime import UTC, datetime


class JSONFormatter(logging.Formatter):
    """Time (UTC, ISO 8601), level, logger and message; the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
