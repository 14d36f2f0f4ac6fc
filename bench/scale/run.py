"""The scale-out test: two app servers behind nginx, one killed under load.

    make scale-test                                  # the whole scenario (~3 minutes)
    .venv/bin/python bench/scale/run.py --duration 40 --users 16    # CI's short version
    .venv/bin/python bench/scale/run.py --servers 1 --no-kill     # figures, one server

On loopback addresses only, it starts one Redis, a local S3 server (moto), an SMTP
sink, a PostgreSQL database of its own (SCALE_DATABASE_URL), two gunicorn app
servers (each its own process group and port) with `send_queued_email` beside each,
and nginx in front as the load balancer. Then Locust runs the mixed load of
bench/scale/locustfile.py; halfway through, one app server is killed with SIGKILL
and started again a few seconds later. Afterwards it checks, and prints:

* every submission the load tool was told was received is stored once, with its
  attachments readable, byte for byte, from the other app server;
* every queued e-mail was sent exactly once (the SMTP sink's log against the queue);
* a practice published through one server is visible at once through the other;
* rate limits count across both servers;
* staff sessions made before the kill still work on both servers after it;
* no 5xx, except requests in flight on the killed server at the moment of the kill
  (counted and reported separately).

It exits non-zero if any check fails. Its last line reads
`scale-test: N requests, N errors outside the kill, N submissions acknowledged,
N stored, N e-mails queued, N sent`.
"""

import argparse
import collections
import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
NGINX_PORT, APP_PORTS, REDIS_PORT, S3_PORT, SMTP_PORT = 18080, (18001, 18002), 18379, 18500, 18025
DATABASE_URL = os.environ.get(
    "SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/catalogue_scale"
)
BUCKET = "catalogue-scale-attachments"
SITE = f"http://{HOST}:{NGINX_PORT}"
# In flight at the kill: a 5xx from the killed server whose request was under way then.
KILL_MARGIN = 0.5

ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/9",
    "SECRET_KEY": "scale-test-only-" + "x" * 40,
    "ALLOWED_HOSTS": f"{HOST},localhost",
    "CSRF_TRUSTED_ORIGINS": SITE,
    "SITE_URL": SITE,
    # Plain HTTP on loopback: no TLS redirect, no secure-only cookies, no HSTS.
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    # Locust plays the CDN in front of nginx: it writes each visitor's address into
    # X-Forwarded-For and nginx appends its own client's (deploy/nginx: two proxies).
    "NUM_PROXIES": "2",
    "ATTACHMENTS_S3_BUCKET": BUCKET,
    "ATTACHMENTS_S3_ENDPOINT_URL": f"http://{HOST}:{S3_PORT}",
    "ATTACHMENTS_S3_REGION": "eu-north-1",
    "AWS_ACCESS_KEY_ID": "scale-test",
    "AWS_SECRET_ACCESS_KEY": "scale-test",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": HOST,
    "EMAIL_PORT": str(SMTP_PORT),
    "SUBMISSION_MIN_FILL_SECONDS": "2",
    "WEB_CONCURRENCY": "2",
    # The scenario fetches no static files (whitenoise serves them from each server's
    # own disk): the plain storage spares half a minute of collectstatic.
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "LOG_LEVEL": "WARNING",
}

NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {run}/nginx-access.log;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size 33m;
    upstream catalogue {{
{servers}
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://catalogue;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout;
            # For the checks only: which app server answered.
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


class Processes:
    """The services started here, each in its own process group, all ended at exit."""

    def __init__(self, run: Path):
        self.run, self.started = run, {}

    def start(self, name: str, command: list[str], env: dict | None = None) -> None:
        log = open(self.run / f"{name}.log", "ab")
        self.started[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or os.environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        process = self.started.pop(name)
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait()

    def stop_all(self) -> None:
        for name in list(self.started):
            self.kill(name, signal.SIGTERM if name != "nginx" else signal.SIGQUIT)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except OSError:
            pass
        if time.time() > deadline:
            raise SystemExit(f"scale-test: {url} did not answer within {seconds:.0f} s")
        time.sleep(0.3)


def wait_for_port(port: int, seconds: float = 30) -> None:
    import socket

    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"scale-test: nothing listens on {HOST}:{port}")


def manage(*args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, check=True)


def app_server(processes: Processes, n: int) -> None:
    port = APP_PORTS[n]
    processes.start(
        f"app{n}",
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
        ],
    )


def start_services(processes: Processes, servers: int) -> None:
    redis = shutil.which("redis-server")
    processes.start(
        "redis",
        [redis, "--bind", HOST, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
    )
    processes.start("s3", [str(BIN / "moto_server"), "-H", HOST, "-p", str(S3_PORT)])
    processes.start("smtp", [str(BIN / "python"), str(Path(__file__).with_name("smtp_sink.py"))])
    for port in (REDIS_PORT, S3_PORT, SMTP_PORT):
        wait_for_port(port)
    import boto3

    boto3.client(
        "s3", endpoint_url=ENVIRONMENT["ATTACHMENTS_S3_ENDPOINT_URL"], region_name="eu-north-1"
    ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})


def prepare_database(run: Path) -> dict:
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], check=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo", "--practices", "300", "-v", "0")
    subprocess.run(
        [str(BIN / "python"), "-m", "bench.scale.prepare", str(run / "data.json")],
        cwd=ROOT,
        check=True,
    )
    return json.loads((run / "data.json").read_text())


def start_nginx(processes: Processes, run: Path, servers: int) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    upstreams = "\n".join(
        f"        server {HOST}:{APP_PORTS[n]} max_fails=1 fail_timeout=3s;" for n in range(servers)
    )
    conf = run / "nginx.conf"
    conf.write_text(NGINX_CONF.format(run=run, servers=upstreams, host=HOST, port=NGINX_PORT))
    processes.start("nginx", [nginx, "-p", str(run), "-c", str(conf), "-g", "daemon off;"])
    wait_for(f"{SITE}/health/")


# The checks -------------------------------------------------------------------


class Session:
    """A logged-in staff member talking to one app server directly (no nginx)."""

    def __init__(self, data: dict, username: str, port: int, address: str):
        import requests

        self.http = requests.Session()
        self.http.headers["X-Forwarded-For"] = f"{address}, {HOST}"
        self.port = port
        page = self.get("/fi/admin/login/")
        self.post(
            "/fi/admin/login/",
            {
                "csrfmiddlewaretoken": self.csrf(page.text),
                "username": data[username],
                "password": data["password"],
                "next": "/fi/admin/",
            },
        )

    def url(self, path: str, port: int | None = None) -> str:
        return f"http://{HOST}:{port or self.port}{path}"

    def get(self, path: str, port: int | None = None):
        return self.http.get(self.url(path, port), allow_redirects=False, timeout=30)

    def post(self, path: str, data: dict, port: int | None = None):
        return self.http.post(self.url(path, port), data=data, allow_redirects=False, timeout=30)

    @staticmethod
    def csrf(html: str) -> str:
        import re

        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def logged_in(self, port: int) -> bool:
        return self.get("/fi/admin/", port).status_code == 200


def check_publish_seen_elsewhere(data: dict, editor: Session, draft: dict, via: int, seen: int):
    """Publish through one server, read the list and the page through the other at once."""
    import requests

    listing = data["lists"]["fi"]
    other = f"http://{HOST}:{seen}"
    for _ in range(4):  # the other server's workers all have the list cached
        requests.get(other + listing, timeout=30)
        requests.get(other + draft["urls"]["fi"], timeout=30)
    page = editor.get("/fi/admin/practices/practice/", via)
    response = editor.post(
        "/fi/admin/practices/practice/",
        {
            "csrfmiddlewaretoken": editor.csrf(page.text),
            "action": "publish_selected",
            "_selected_action": str(draft["id"]),
            "index": "0",
        },
        via,
    )
    if response.status_code != 302:
        return f"publishing {draft['slug']} through :{via} answered {response.status_code}"
    for _ in range(4):
        if requests.get(other + draft["urls"]["fi"], timeout=30).status_code != 200:
            return f"{draft['slug']} published through :{via} is not found through :{seen}"
        if draft["title"] not in requests.get(other + listing, timeout=30).text:
            return f"{draft['slug']} published through :{via} is missing from :{seen}'s list"
    return None


def check_rate_limit_shared(data: dict, servers: int) -> str | None:
    """One visitor's searches, taking turns between the app servers, meet one limit."""
    import requests
    from django.conf import settings

    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["search"].split("/")[0])
    headers = {"X-Forwarded-For": f"198.51.100.77, {HOST}"}
    answers = collections.Counter()
    for n in range(allowed + 10):
        port = APP_PORTS[n % servers]
        url = f"http://{HOST}:{port}{data['search']['fi']}?q=rate{n}"
        answers[requests.get(url, headers=headers, timeout=30).status_code] += 1
    if answers[429] != 10:
        return f"{allowed + 10} searches of one visitor over {servers} servers: {dict(answers)}"
    return None


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--users", type=int, default=24, help="Locust users")
    parser.add_argument("--servers", type=int, choices=(1, 2), default=2)
    parser.add_argument("--no-kill", action="store_true", help="no app server is killed")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    args = parser.parse_args()
    kill = args.servers == 2 and not args.no_kill

    os.environ.update(ENVIRONMENT, WEB_CONCURRENCY=str(args.workers))
    run = Path(tempfile.mkdtemp(prefix="catalogue-scale-"))
    run.chmod(0o755)
    os.environ["SCALE_OUT"] = str(run)
    say(f"scale-test: working folder {run}")
    processes = Processes(run)
    problems: list[str] = []
    requests_total = errors = stored = queued = sent = 0
    try:
        start_services(processes, args.servers)
        data = prepare_database(run)
        if data["storage"] != "S3Storage":
            problems.append(f"attachments are stored by {data['storage']}, not S3")
        for n in range(args.servers):
            app_server(processes, n)
            # Each app server sends mail too: several senders at once, all the time.
            processes.start(
                f"mail{n}", [str(BIN / "python"), "manage.py", "send_queued_email", "--every", "1"]
            )
        for n in range(args.servers):
            wait_for(f"http://{HOST}:{APP_PORTS[n]}/health/")
        start_nginx(processes, run, args.servers)

        import django

        django.setup()
        other = 1 if args.servers == 2 else 0
        editor = Session(data, "editor", APP_PORTS[0], "198.51.100.10")
        # Two drafts are kept from the load's editor: one for now, one for after the kill.
        drafts = data["drafts"]
        before, after = drafts.pop(), drafts.pop()
        (run / "data.json").write_text(json.dumps({**data, "drafts": drafts}))
        problem = check_publish_seen_elsewhere(data, editor, before, APP_PORTS[0], APP_PORTS[other])
        problems += [problem] if problem else []
        problem = check_rate_limit_shared(data, args.servers)
        problems += [problem] if problem else []

        say(
            f"scale-test: {args.users} users for {args.duration} s on {args.servers} "
            f"app server(s) of {args.workers} workers{', one killed halfway' if kill else ''}",
        )
        processes.start(
            "locust",
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--host",
                SITE,
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "-t",
                f"{args.duration}s",
                "--stop-timeout",
                "15",
                "--csv",
                str(run / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
        )
        killed_at = None
        if kill:
            time.sleep(args.duration / 2)
            killed_at = time.time()
            processes.kill("app0")  # SIGKILL to gunicorn's whole process group
            time.sleep(4)
            app_server(processes, 0)
            wait_for(f"http://{HOST}:{APP_PORTS[0]}/health/")
        processes.started.pop("locust").wait(timeout=args.duration + 120)

        # After the load: the restarted server against the one that kept running.
        problem = check_publish_seen_elsewhere(data, editor, after, APP_PORTS[other], APP_PORTS[0])
        problems += [problem] if problem else []
        for port in APP_PORTS[: args.servers]:
            if not editor.logged_in(port):
                problems.append(f"the editor's session from before the kill is lost on :{port}")

        stored, store_problems = check_stored(run, args.servers)
        problems += store_problems
        queued, sent, mail_problems = check_mail(run)
        problems += mail_problems
        requests_total, errors, at_kill, load_problems = check_requests(run, killed_at)
        problems += load_problems
        figures(run, args, at_kill)
    finally:
        processes.stop_all()

    acknowledged = read_jsonl(run / "acknowledged.jsonl")
    for problem in problems:
        say(f"scale-test: FAILED: {problem}")
    say(f"scale-test: {'passed' if not problems else 'FAILED'}; files in {run}")
    say(
        f"scale-test: {requests_total} requests, {errors} errors outside the kill, "
        f"{len(acknowledged)} submissions acknowledged, {stored} stored, "
        f"{queued} e-mails queued, {sent} sent"
    )
    return 1 if problems else 0


def check_stored(run: Path, servers: int) -> tuple[int, list[str]]:
    """Each acknowledged submission stored once, its files readable through the other
    server. Returns how many submissions of the load are stored (a form sent at the
    kill may be stored without its answer reaching the load tool), and the problems."""
    from submissions.models import Submission

    data = json.loads((run / "data.json").read_text())
    problems = []
    acknowledged = read_jsonl(run / "acknowledged.jsonl")
    reader = Session(data, "editor", APP_PORTS[0], "198.51.100.11")
    for item in acknowledged:
        found = list(Submission.objects.filter(status_token=item["token"]))
        if len(found) != 1:
            problems.append(f"submission {item['token'][:8]}… stored {len(found)} times")
            continue
        submission = found[0]
        took = item["server"].rsplit(":", 1)[-1]
        port = next((p for p in APP_PORTS[:servers] if str(p) != took), APP_PORTS[0])
        sums = []
        for attachment in submission.attachments.all():
            path = f"/fi/admin/submissions/submission/{submission.pk}/attachments/{attachment.pk}/"
            response = reader.get(path, port)
            sums.append(hashlib.sha256(response.content).hexdigest() if response.ok else "")
        if sorted(sums) != item["files"]:
            problems.append(f"{submission.reference}: attachments not readable from :{port}")
    marker = f"Skaalaustesti {data['run'][:6]} "
    return Submission.objects.filter(title__startswith=marker).count(), problems


def check_mail(run: Path, seconds: float = 60) -> tuple[int, int, list[str]]:
    """Every queued message sent, each exactly once (the SMTP sink's log)."""
    from outbox.models import OutgoingEmail

    deadline = time.time() + seconds
    while OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists():
        if time.time() > deadline:
            break
        time.sleep(1)
    time.sleep(2)  # a sender that claimed twice would be sending now
    queue = collections.Counter(
        (to, subject) for to, subject in OutgoingEmail.objects.values_list("to", "subject")
    )
    received = collections.Counter()
    for message in read_jsonl(run / "smtp.jsonl"):
        for to in message["to"]:
            received[(to, message["subject"])] += 1
    problems = []
    unsent = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).count()
    if unsent:
        problems.append(f"{unsent} queued e-mails not sent")
    twice = sum(count - 1 for key, count in received.items() if count > queue[key])
    if twice:
        problems.append(f"{twice} e-mails sent more than once")
    missing = sum((queue - received).values())
    if missing:
        problems.append(f"{missing} e-mails marked sent never reached the mail server")
    return sum(queue.values()), sum(received.values()), problems


def check_requests(run: Path, killed_at: float | None):
    """Every answer of the load: 5xx and failed connections are errors, except those
    of requests in flight on the killed server when it was killed."""
    problems = [
        f"{p['what']}" + (f" ({p.get('status')})" if p.get("status") else "")
        for p in read_jsonl(run / "problems.jsonl")
        if p["what"] != "submission refused"
    ]
    killed = f"{HOST}:{APP_PORTS[0]}"
    records = read_jsonl(run / "requests.jsonl")
    errors = at_kill = 0
    for record in records:
        if record["s"] and record["s"] < 500:
            continue
        in_flight = (
            killed_at is not None
            and killed in record["u"]
            and record["t"] - KILL_MARGIN <= killed_at <= record["t"] + record["d"] + KILL_MARGIN
        )
        if in_flight:
            at_kill += 1
        else:
            errors += 1
    if errors:
        kinds = collections.Counter(
            (r["n"], r["s"], r["e"][:60]) for r in records if not r["s"] or r["s"] >= 500
        )
        problems.append(f"{errors} errors outside the kill: {dict(kinds.most_common(5))}")
    refused = sum(
        1 for p in read_jsonl(run / "problems.jsonl") if p["what"] == "submission refused"
    )
    if refused:
        problems.append(f"{refused} submissions refused by the form")
    if killed_at is not None:
        say(f"scale-test: {at_kill} requests in flight on the killed server failed (5xx)")
    return len(records), errors, at_kill, problems


def figures(run: Path, args, at_kill: int) -> None:
    """Requests per second and the 95th percentile of the whole mixed load (Locust)."""
    rows = list(csv.DictReader(open(run / "locust_stats.csv")))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    line = (
        f"scale-test: figures: {args.servers} app server(s) of {args.workers} workers, "
        f"{args.users} users, "
        f"{args.duration} s: {float(total['Requests/s']):.1f} requests/s, "
        f"p95 {total['95%']} ms, median {total['50%']} ms"
    )
    say(line)
    with open(run / "figures.txt", "a") as out:
        out.write(line + "\n")
        for row in rows:
            out.write(f"  {row['Name']}: {row['Request Count']} requests, p95 {row['95%']} ms\n")


if __name__ == "__main__":
    sys.exit(main())
