"""Logging filters (issue 13 item 8): a refusal is an answer, not a fault, so it is logged in one line."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """Django logs a 403 (PermissionDenied) with the exception attached, which prints a whole traceback in the
    server log for every refused click. Keep the one line "Forbidden (Permission denied): /path"; drop the trace."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
