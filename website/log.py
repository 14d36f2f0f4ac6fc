"""How the site's log reads."""

import logging


class SecurityWithoutTraceback(logging.Filter):
    """Requests refused as suspicious (a forged Host header, a NUL character, a failed
    CSRF check) are logged by Django with the whole traceback of the refusal. Anyone can
    send them by the thousand, so one line each says enough: what and where."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security"):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
