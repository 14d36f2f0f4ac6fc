"""Benchmark of the catalogue at scale, on PostgreSQL (see docs/performance.md).

    make bench                      # or: .venv/bin/python bench/run.py

1. Builds a PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/catalogue_bench) with 10,000 practices and
   50,000 archive projects in three languages, unless it already holds them.
2. With the Django test client, measures for each page the number of SQL queries
   and the median and 95th percentile of the server time, uncached (the page
   cache is made stale before every request) and cached; and the same for a
   floor view (the base template, no database work), so every figure is also a
   ratio to the floor. The pages take turns, one request each per round, so that
   the floor and the pages share the machine's good and bad moments. It also
   times the search's ranking query alone, a lower bound on the search page.
3. Runs gunicorn with 2 workers and measures requests per second with wrk on the
   list and search pages, with the shared cache (Redis) and without any cache.

4. Times `rebuild_search_index`: the whole search index built from empty (every
   vector written), then again with nothing changed.
5. On PostgreSQL, times the ranking with the RUM index (where the extension is
   installed): as the site ranks a one-term search (from the term's postings) and
   with the RUM index alone; and with a GIN index in its place, side by side.

Then it does 1, 2 and 4 again on SQLite at the same size (BENCH_SQLITE_URL, default
sqlite:///bench/results/bench.sqlite3), in a second process, and reports both.
Results go to bench/results/latest.md (copy them into docs/performance.md).
"""

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/catalogue_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PRACTICES, PROJECTS = 10_000, 50_000
SEARCH_WORD = "kotoutuminen"  # a common Finnish word: it matches most of the catalogue
SQLITE_URL = os.environ.get(
    "BENCH_SQLITE_URL", f"sqlite:///{ROOT / 'bench' / 'results' / 'bench.sqlite3'}"
)
ON_SQLITE = DATABASE_URL.startswith("sqlite")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
LOAD_AT_START = ", ".join(f"{load:.2f}" for load in os.getloadavg())

PAGES = {
    "floor (base template, no database)": "/fi/bench-floor/",
    "practice list": "/fi/hyvat-kaytannot/",
    "practice list, two facets": "/fi/hyvat-kaytannot/?theme=work-and-skills&size=small",
    "search, common Finnish word": f"/fi/haku/?q={SEARCH_WORD}",
    "search + facet": f"/fi/haku/?q={SEARCH_WORD}&type=practices&size=small",
    "archive list": "/fi/hankkeet/",
    "practice page": None,  # filled in with a published practice
}
LOAD_PAGES = {
    "practice list": "/fi/hyvat-kaytannot/",
    "search": f"/fi/haku/?q={SEARCH_WORD}",
}


def env(**extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "DEBUG": "",
        # One benchmark client searches far more often than a visitor may (website.limits).
        "SEARCH_RATE": "1000000/minute",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def manage(*args, **extra) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env(**extra),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def build_database() -> dict:
    """Create and fill the database once; later runs reuse it."""
    import psycopg

    if ON_SQLITE:
        path = Path(DATABASE_URL.removeprefix("sqlite:///"))
        path.parent.mkdir(exist_ok=True)
        created = not path.exists()
    else:
        admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
        name = DATABASE_URL.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as conn:
            created = not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if created:
                conn.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    manage("migrate", "--noinput")
    manage("load_demo", "--practices", str(PRACTICES), "--projects", str(PROJECTS))
    if ON_SQLITE:
        manage(
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('ANALYZE')",
        )
    else:
        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            # What autovacuum does after a bulk load: statistics for the planner, and the
            # visibility map that lets a count read an index without visiting the table.
            conn.execute("VACUUM ANALYZE")
    built = time.perf_counter() - started
    counts = json.loads(
        manage(
            "shell",
            "-c",
            "import json; from practices.models import Practice; "
            "from projects.models import Project;"
            "print(json.dumps({'practices': Practice.objects.count(),"
            " 'published': Practice.objects.published().count(),"
            " 'projects': Project.objects.count()}))",
        )
        .strip()
        .splitlines()[-1]
    )
    counts["build_seconds"] = round(built, 1)
    counts["created"] = created
    return counts


def measure_in_process() -> list[dict]:
    os.environ.update(env())
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from practices.models import Practice
    from website.cache import content_changed, content_version, page_key

    # Pages stored by an earlier run must not be served as if rendered: start empty.
    cache.clear()
    practice = Practice.objects.published().order_by("pk").first()
    PAGES["practice page"] = practice.get_absolute_url().replace("/en/", "/fi/")
    client = Client(HTTP_HOST="localhost")

    def forget(path: str) -> None:
        """The page is not in the cache; the content has not changed."""
        cache.delete(page_key(f"http://localhost{path}", content_version()))

    rows = []
    for name, path in PAGES.items():
        for _ in range(3):  # warm up connections, templates and PostgreSQL's caches
            content_changed()
            assert client.get(path).status_code == 200, path
        forget(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = len(captured)  # read before reset_queries() empties the log it looks at
        reset_queries()
        rows.append(
            {
                "page": name,
                "path": path,
                "queries": queries,
                "uncached": [],
                "changed": [],
                "cached": [],
            }
        )

    def timed(path: str) -> float:
        started = time.perf_counter()
        client.get(path)
        return (time.perf_counter() - started) * 1000

    # Round by round over every page, so that a slow spell of a shared machine
    # falls on the floor and on the pages alike and the ratios stay fair. Each page
    # is drawn from scratch twice a round: as a page not yet in the cache (a new
    # search, another filter: what visitors meet), and as the first request after a
    # change of content, which also makes what is kept per content version anew
    # (the facets' index, search/facets.py).
    for _ in range(ROUNDS):
        for row in rows:
            content_changed()
            row["changed"].append(timed(row["path"]))
            forget(row["path"])
            row["uncached"].append(timed(row["path"]))
    for row in rows:
        client.get(row["path"])  # stores the page under the current content version
    for _ in range(ROUNDS):
        for row in rows:
            row["cached"].append(timed(row["path"]))
    return rows


def measure_ranking() -> list[dict]:
    """The database's part of the search alone: the ids of the six best matches of
    each type, as the search page asks for them, with no objects and no template.
    A lower bound on the search page rendered from scratch.

    Timed from the parsed words: the look-up of what their prefixes begin (one
    query, search/engine.py) and the ranking. On PostgreSQL with RUM three ways: as
    the site does it (a one-term search from the term's postings), with the RUM index
    alone (the same query, read in the index's order), and with a GIN index."""
    from django.utils import translation

    from practices.searchable import PRACTICES
    from projects.searchable import PROJECTS
    from search.engine import Search

    sources = {
        "practices": (PRACTICES.queryset, PRACTICES.spec),
        "archive projects": (PROJECTS.queryset, PROJECTS.spec),
    }
    from django.db import connection, transaction

    from search import engine, index, sql

    def timed(label: str, postings: bool = True) -> None:
        with translation.override("fi"):
            for name, (manager, spec) in sources.items():
                matches = Search.parse(SEARCH_WORD).apply(manager(), spec).count()
                times = []
                for _ in range(ROUNDS):
                    search = Search.parse(SEARCH_WORD)
                    started = time.perf_counter()
                    results = search.apply(manager(), spec)
                    if not postings:
                        results.query.__dict__.pop("ranked_term", None)
                    engine.first_ids(results, 0, 6)  # as the search page asks
                    times.append((time.perf_counter() - started) * 1000)
                rows.append({"what": name, "index": label, "matches": matches, "times": times})

    rows = []
    tables = ("practices_practice", "projects_project")
    if connection.vendor != "postgresql":
        timed("FTS5")
        return rows
    if not all(sql.rum_in_use(connection, table) for table in tables):
        timed("GIN (no RUM extension here)")
        return rows
    timed("RUM + postings")
    timed("RUM alone", postings=False)
    # The same with a GIN index instead, in a transaction rolled back afterwards.
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP INDEX {table}_search_rum")
                cursor.execute(
                    f"CREATE INDEX {table}_search_gin ON {table} USING gin (search_vector)"
                )
                cursor.execute(f"ANALYZE {table}")
        index._rum.clear()
        for table in tables:
            index._rum[(connection.settings_dict["NAME"], table)] = False
        timed("GIN")
        transaction.set_rollback(True)
    index._rum.clear()
    return rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def load_test() -> list[dict]:
    """gunicorn with 2 workers under wrk, with Redis as the shared cache and with no cache."""
    wrk = shutil.which("wrk")
    if not wrk:
        return [{"error": "wrk is not installed (make bench installs it with apt-get)"}]
    results = []
    for label, extra in (
        ("Redis cache", {"REDIS_URL": REDIS_URL}),
        ("no cache", {"BENCH_CACHE": "off"}),
    ):
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                "127.0.0.1:8765",
                "--env",
                "DJANGO_SETTINGS_MODULE=bench.settings",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env(**extra),
        )
        try:
            for _ in range(50):
                time.sleep(0.2)
                if (
                    subprocess.run(
                        ["curl", "-sf", "-o", "/dev/null", "http://127.0.0.1:8765/fi/bench-floor/"]
                    ).returncode
                    == 0
                ):
                    break
            for name, path in LOAD_PAGES.items():
                url = f"http://127.0.0.1:8765{path}"
                subprocess.run([wrk, "-t2", "-c8", "-d3s", url], capture_output=True)  # warm up
                output = subprocess.run(
                    [wrk, "-t2", "-c8", "-d10s", "--latency", url], capture_output=True, text=True
                ).stdout
                rps = next(
                    (
                        line.split()[1]
                        for line in output.splitlines()
                        if line.startswith("Requests/sec")
                    ),
                    "?",
                )
                errors = [
                    line.strip()
                    for line in output.splitlines()
                    if "Non-2xx" in line or "errors" in line
                ]
                results.append({"cache": label, "page": name, "rps": rps, "errors": errors})
        finally:
            server.terminate()
            server.wait(10)
    return results


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    if ON_SQLITE:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    else:
        pg = subprocess.run(
            ["psql", DATABASE_URL, "-Atc", "SHOW server_version"], capture_output=True, text=True
        ).stdout.strip()
        database = f"PostgreSQL {pg}"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} memory; {platform.platform()}; "
        f"Python {platform.python_version()}; {database}"
    )


EMPTY_INDEX = """
from django.db import connection
from search import index
with connection.cursor() as cursor:
    for model in index.indexed_models():
        if connection.vendor == "postgresql":
            cursor.execute(f"UPDATE {model._meta.db_table} SET search_vector = NULL")
        else:
            cursor.execute(f"DELETE FROM {index.fts_table(model)}")
"""


def rebuild_index() -> dict:
    """Seconds to build the whole search index (`rebuild_search_index`): from empty
    (every vector written, as on a new database), then again with nothing changed."""
    manage("shell", "-c", EMPTY_INDEX)
    if not ON_SQLITE:
        import psycopg

        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    times = {}
    for label in ("from empty", "again, nothing changed"):
        started = time.perf_counter()
        manage("rebuild_search_index", "--no-progress")
        times[label] = time.perf_counter() - started
    return times


def report(
    counts: dict, rows: list[dict], ranking: list[dict], load: list[dict], rebuild: dict
) -> str:
    floor = statistics.median(rows[0]["uncached"])
    lines = [
        f"## {'SQLite' if ON_SQLITE else 'PostgreSQL'}",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} on: {machine()}",
        "",
        f"Load average when the run began (1, 5, 15 min): {LOAD_AT_START}.",
        "",
        f"Whole search index built (`rebuild_search_index`, {counts['practices']:,} "
        f"practices + {counts['projects']:,} projects): "
        + "; ".join(f"{label} {seconds:.1f} s" for label, seconds in rebuild.items())
        + ".",
        "",
        f"Data: {counts['practices']:,} practices ({counts['published']:,} published), "
        f"{counts['projects']:,} archive projects; "
        + (
            f"built in {counts['build_seconds']} s."
            if counts["created"]
            else f"reused from an earlier run (checked in {counts['build_seconds']} s)."
        ),
        f"Server time per request with the Django test client, {ROUNDS} requests each.",
        "",
        "Uncached: the page is not in the cache (a new search or filter), the content"
        " unchanged. After a change: the first request after content changed, which also"
        " builds the facets' index anew.",
        "",
        "| page | SQL queries | median uncached (ms) | p95 uncached (ms) | median ÷ floor "
        "| median after a change (ms) | median cached (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        median = statistics.median(row["uncached"])
        lines.append(
            f"| {row['page']} | {row['queries']} | {median:.1f} "
            f"| {percentile(row['uncached'], 0.95):.1f} "
            f"| {median / floor:.1f} | {statistics.median(row['changed']):.1f} "
            f"| {statistics.median(row['cached']):.1f} |"
        )
    lines += [
        "",
        f"Ranking alone: the ids of the 6 best matches for “{SEARCH_WORD}”, "
        "as the search page asks for them (no objects, no template):",
        "",
        "| type | index | matches | median (ms) | p95 (ms) | median ÷ floor |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for item in ranking:
        median = statistics.median(item["times"])
        lines.append(
            f"| {item['what']} | {item['index']} | {item['matches']:,} | {median:.1f} "
            f"| {percentile(item['times'], 0.95):.1f} | {median / floor:.1f} |"
        )
    if not load:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "gunicorn, 2 workers, wrk 2 threads × 8 connections for 10 s:",
        "",
        "| page | cache | requests/s |",
        "|---|---|---:|",
    ]
    for item in load:
        if "error" in item:
            lines.append(f"| – | – | {item['error']} |")
        else:
            lines.append(
                f"| {item['page']} | {item['cache']} | {item['rps']} |"
                + (f" {item['errors']}" if item["errors"] else "")
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    manage("compilemessages", "--ignore=.venv", "-v", "0")  # the pages' translated addresses
    counts = build_database()
    rebuild = rebuild_index()
    rows = measure_in_process()
    ranking = measure_ranking()
    load = [] if ON_SQLITE else load_test()
    text = report(counts, rows, ranking, load, rebuild)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    if ON_SQLITE:
        (out / "sqlite.md").write_text(text)
        return
    (out / "postgresql.md").write_text(text)
    # The same on SQLite at the same size, in a process of its own (one database each).
    if os.environ.get("BENCH_SKIP_SQLITE") != "1":
        subprocess.run(
            [sys.executable, __file__],
            cwd=ROOT,
            env={**os.environ, "BENCH_DATABASE_URL": SQLITE_URL},
            check=True,
        )
        text += "\n" + (out / "sqlite.md").read_text()
    (out / "latest.md").write_text(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
