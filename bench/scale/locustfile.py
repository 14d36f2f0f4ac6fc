"""The scale test's mixed load, for Locust (run by bench/scale/run.py).

Visitors browse the lists, facets, search and practice pages in three languages;
coordinators send practices with attachments to the open call; a juror reads
attachments; an editor publishes draft practices. Every visitor comes from an
address of their own (X-Forwarded-For, as a CDN in front of nginx would write it),
so the per-visitor limits count as in production.

Every request is written to requests.jsonl (start, duration, status, the app
server that answered, from nginx's X-Upstream header); every submission the site
acknowledged to acknowledged.jsonl with its files' checksums; anything a user
noticed that is wrong (a staff session lost, a file that differs) to problems.jsonl.
run.py reads them for its checks.
"""

import hashlib
import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

OUT = Path(os.environ["SCALE_OUT"])
DATA = json.loads((OUT / "data.json").read_text())
FILL_SECONDS = float(os.environ.get("SUBMISSION_MIN_FILL_SECONDS", "2")) + 0.5
LANGS = ("fi", "sv", "en")
WORDS = ("kotoutuminen", "työ", "mentor", "språk", "integration", "koulutus", "nuoret")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
STATUS = re.compile(r"/([A-Za-z0-9_-]{20,})/\?new=1$")
DRAFTS = iter(DATA["drafts"])

_logs = {
    name: open(OUT / f"{name}.jsonl", "a") for name in ("requests", "acknowledged", "problems")
}
_addresses = itertools.count(1)


def write(log: str, **record) -> None:
    _logs[log].write(json.dumps(record) + "\n")
    _logs[log].flush()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response, exception, **kw):
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    write(
        "requests",
        t=kw.get("start_time") or time.time() - response_time / 1000,
        d=response_time / 1000,
        s=status,
        u=headers.get("X-Upstream", ""),
        m=request_type,
        n=name,
        e=str(exception)[:200] if exception and not status else "",
    )


def new_address() -> str:
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    return head + os.urandom(size // 2).hex().encode()


class Visitor(HttpUser):
    weight = 10
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.headers["X-Forwarded-For"] = new_address()
        self.lang = random.choice(LANGS)

    @task(4)
    def practice_list(self):
        self.client.get(DATA["lists"][self.lang], name="list")

    @task(3)
    def facets(self):
        theme = random.choice(DATA["themes"])
        size = random.choice(("", "&size=small", "&size=large"))
        self.client.get(f"{DATA['lists'][self.lang]}?theme={theme}{size}", name="list+facets")

    @task(2)
    def search(self):
        word = random.choice(WORDS)
        self.client.get(f"{DATA['search'][self.lang]}?q={word}", name="search")

    @task(4)
    def practice_page(self):
        self.client.get(random.choice(DATA["practices"])[self.lang], name="practice")

    @task(1)
    def other_language(self):
        self.lang = random.choice(LANGS)
        self.client.get(f"/{self.lang}/", name="home")


class Coordinator(HttpUser):
    weight = 2
    wait_time = between(2, 5)

    @task
    def submit(self):
        # Each practice comes from another organisation, at its own address.
        self.client.headers["X-Forwarded-For"] = new_address()
        self.client.cookies.clear()
        lang = random.choice(LANGS)
        url = DATA["call"][lang]
        page = self.client.get(url, name="call form")
        csrf, token = CSRF.search(page.text), FORM_TOKEN.search(page.text)
        if page.status_code != 200 or not (csrf and token):
            return
        time.sleep(FILL_SECONDS)  # people take a moment; the form refuses a robot's speed
        files = [pdf(random.randint(2_000, 40_000)) for _ in range(random.randint(1, 2))]
        form = DATA["form"]
        data = {
            "csrfmiddlewaretoken": csrf.group(1),
            "form_token": token.group(1),
            "website": "",
            "title": f"Skaalaustesti {DATA['run'][:6]} {random.random():.8f}",
            "organisation": "Yhdistys ry",
            "municipalities": form["municipalities"],
            "themes": form["themes"],
            "summary": "Mentorit tukevat työnhakua.",
            "goal": "Työpaikka.",
            "how_it_works": "Tapaamiset kahden viikon välein.",
            "results": "Palaute oli hyvää.",
            "resources": "Koordinaattori.",
            "adoption": "Mentorit ja koordinaattori.",
            "links": "https://example.org/malli",
            "contact_name": "Maija Meikäläinen",
            "contact_email": f"coordinator-{random.randint(1, 10**9)}@example.org",
            "contact_phone": "+358 40 123 4567",
            "language": lang,
            "consent": "on",
            **{f"criterion_{slug}": f"Näin: {slug}." for slug in form["criteria"]},
        }
        upload = [
            ("attachments", (f"plan-{n}.pdf", content, "application/pdf"))
            for n, content in enumerate(files)
        ]
        response = self.client.post(
            url, data=data, files=upload, allow_redirects=False, name="submit practice"
        )
        found = STATUS.search(response.headers.get("Location", ""))
        if response.status_code == 302 and found:
            write(
                "acknowledged",
                token=found.group(1),
                server=response.headers.get("X-Upstream", ""),
                files=sorted(hashlib.sha256(content).hexdigest() for content in files),
            )
        elif response.status_code < 500:
            write("problems", what="submission refused", status=response.status_code)


class Staff(HttpUser):
    abstract = True
    username = ""

    def on_start(self):
        self.client.headers["X-Forwarded-For"] = new_address()
        page = self.client.get("/fi/admin/login/", name="log in")
        response = self.client.post(
            "/fi/admin/login/?next=/fi/admin/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "username": DATA[self.username],
                "password": DATA["password"],
                "next": "/fi/admin/",
            },
            allow_redirects=False,
            name="log in",
        )
        if response.status_code != 302:
            write("problems", what=f"{self.username} could not log in", status=response.status_code)

    def staff_get(self, url: str, name: str):
        """A staff page: a redirect to the log-in page means the session was lost."""
        response = self.client.get(url, allow_redirects=False, name=name)
        if response.status_code == 302 and "/login/" in response.headers.get("Location", ""):
            write("problems", what=f"{self.username}'s session lost", at=time.time())
        return response


class Juror(Staff):
    fixed_count = 1
    username = "juror"
    wait_time = between(1, 3)

    @task(3)
    def read_attachment(self):
        item = random.choice(DATA["readable"])
        response = self.staff_get(item["url"], "attachment")
        if response.status_code == 200:
            if hashlib.sha256(response.content).hexdigest() != item["sha256"]:
                write("problems", what="attachment differs", url=item["url"])

    @task(1)
    def submissions(self):
        self.staff_get("/fi/admin/submissions/submission/", "admin list")


class Editor(Staff):
    fixed_count = 1
    username = "editor"
    wait_time = between(1, 3)

    @task
    def publish(self):
        draft = next(DRAFTS, None)
        changelist = "/fi/admin/practices/practice/"
        page = self.staff_get(changelist, "admin list")
        if draft is None or page.status_code != 200:
            return
        response = self.client.post(
            changelist,
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "action": "publish_selected",
                "_selected_action": [str(draft["id"])],
                "index": "0",
            },
            allow_redirects=False,
            name="publish",
        )
        if response.status_code == 302:
            # Visible at once, whichever app server answers (nginx takes turns).
            seen = self.client.get(draft["urls"]["fi"], name="practice")
            if seen.status_code != 200:
                write("problems", what="published practice not visible", slug=draft["slug"])
