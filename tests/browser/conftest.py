"""Browser tests: Playwright drives the machine's Chromium against a live server.

No browser is downloaded: Chromium comes from the Debian package (`.ci/run` and
`make test` install it in CI). Outside CI, without Chromium, these tests are
skipped with the reason; in CI (CI=true) a missing browser fails the run.
On failure a screenshot and the page's HTML are saved under test-artifacts/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import ensure_staff_groups

# Playwright's sync API runs an event loop in this thread; Django's live server
# and test database calls from the same thread are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium')"
        if IN_CI:
            pytest.fail(message + "; in CI the browser tests must run", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _open_page(chromium, live_server, size):
    """A page in a browser context of its own (its own cookies: its own log-in), which
    collects what the strict Content-Security-Policy blocks: a blocked script or style is
    reported on the console, and every browser test checks that nothing the pages need
    is blocked."""
    context = chromium.new_context(viewport=size, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    blocked = page.csp_blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page


def _close_page(page, request, label="") -> list[str]:
    """Save a screenshot and the HTML if the test failed; close; what the policy blocked."""
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid + label)[-150:]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content())
        except Exception:  # the page may be gone; the test's own error is what matters
            pass
    page.context.close()
    return page.csp_blocked


@pytest.fixture
def page(chromium, live_server, request, settings):
    """A fresh browser page (phone-sized when the test asks) with failure artefacts."""
    settings.SITE_URL = live_server.url
    size = getattr(request, "param", None) or {"width": 1280, "height": 900}
    page = _open_page(chromium, live_server, size)
    yield page
    blocked = _close_page(page, request)
    assert blocked == [], f"blocked by the Content-Security-Policy: {blocked}"


@pytest.fixture
def person(chromium, live_server, request, settings):
    """For stories of several people: `person("editor")` opens a browser page of that
    person's own, at 1280 px, with the same checks and failure artefacts as `page`."""
    settings.SITE_URL = live_server.url
    people = {}

    def open_for(label: str):
        people[label] = _open_page(chromium, live_server, {"width": 1280, "height": 900})
        return people[label]

    yield open_for
    blocked = {label: _close_page(opened, request, f"-{label}") for label, opened in people.items()}
    blocked = {label: texts for label, texts in blocked.items() if texts}
    assert blocked == {}, f"blocked by the Content-Security-Policy: {blocked}"


@pytest.fixture
def demo(transactional_db):
    """The demo content, as `make run` shows it."""
    ensure_staff_groups()
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
