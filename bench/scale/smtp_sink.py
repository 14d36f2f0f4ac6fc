"""An SMTP server for the scale test that sends nothing: it writes each message it
receives (recipients, subject) as a line of smtp.jsonl in SCALE_OUT, so the test can
tell whether every queued e-mail reached the mail server exactly once. It takes
ANSWER_SECONDS to accept each message, as a real mail server across a network does:
long enough for two senders that both took the same message to be caught at it."""

import asyncio
import email
import email.header
import json
import os
import time
from pathlib import Path

from aiosmtpd.controller import Controller

OUT = Path(os.environ["SCALE_OUT"]) / "smtp.jsonl"
ANSWER_SECONDS = 0.3


class Sink:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        await asyncio.sleep(ANSWER_SECONDS)
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        with open(OUT, "a") as out:
            out.write(json.dumps({"to": envelope.rcpt_tos, "subject": subject}) + "\n")
        return "250 OK"


if __name__ == "__main__":
    controller = Controller(Sink(), hostname="127.0.0.1", port=18025)
    controller.start()
    while True:
        time.sleep(3600)
