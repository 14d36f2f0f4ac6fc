"""How the site's log reads."""

import logging


class SecurityWithoutTraceback(logging.Filter):
    """Requests refused as suspicious (a forged Host header, a NUL character, a failed
    CSRF check) and refused requests in general (a staff member's 403, a 404) are logged
    by Django with the whole traceback of the refusal. Anyone can send them by the
    thousand, so one line each says enough: what and where. Server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        refused = record.name == "django.request" and getattr(record, "status_code", 500) < 500
        if record.name.startswith("django.security") or refused:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
