"""Production configuration and the security headers of every response."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from submissions.models import Attachment, Submission
from tests.factories import CallFactory, PracticeFactory, SubmissionFactory, UserFactory
from tests.website.addresses import CAPTURE, every_address

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_has_no_warnings_with_production_settings():
    # The browser tests' conftest allows async-unsafe calls in this process; not in production.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "",
        "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-7Hq2xPz9LmW4vB8kR3",
        "ALLOWED_HOSTS": "hyvatkaytannot.example.fi",
        "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.fixture
def pages(client):
    PracticeFactory(slug="p")
    CallFactory(slug="open")
    UserFactory(is_superuser=True)
    return [
        "/fi/",
        "/fi/hyvat-kaytannot/p/",
        "/fi/kaytantohaut/open/",
        "/fi/no-such-page/",
        "/fi/admin/login/",
    ]


def test_every_response_has_a_strict_content_security_policy(client, pages):
    for path in pages:
        response = client.get(path, secure=True)
        policy = directives(response)
        assert policy["default-src"] == "default-src 'self'"
        assert policy["object-src"] == "object-src 'none'"
        assert policy["base-uri"] == "base-uri 'none'"
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_every_response_has_the_other_security_headers(client, pages):
    for path in pages:
        response = client.get(path, secure=True)
        assert (
            int(response["Strict-Transport-Security"].split("max-age=")[1].split(";")[0])
            >= 31536000
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/fi/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get("/health/").status_code == 200  # load balancers use plain HTTP


def test_cookies_are_secure_and_http_only(client, editor):
    CallFactory(slug="open")
    response = client.get("/fi/kaytantohaut/open/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/fi/admin/login/",
        {"username": "editor", "password": "a-long-test-password", "next": "/fi/admin/"},
        secure=True,
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or re.search(r"\sstyle=\"", text)
            or "<style" in text
        ):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_json_ld_is_a_data_block_and_the_only_inline_script(client):
    """JSON-LD is data, not code: the policy does not apply to it, and it is escaped."""
    PracticeFactory(slug="x", title_fi="</script><script>alert(1)</script>")
    html = client.get("/fi/hyvat-kaytannot/x/").content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/ld+json"']
    assert "</script><script>alert" not in html


def kept_private(response) -> bool:
    """Neither shared caches nor the browser's back-forward cache may keep the answer."""
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_the_submitters_own_pages_are_kept_out_of_caches(client):
    submission = SubmissionFactory()
    CallFactory(slug="open")

    status_page = client.get(submission.get_status_url())
    sent_back = client.post(
        "/en/calls/open/", {"contact_name": "Maija", "contact_email": "maija@example.org"}
    )

    assert status_page.status_code == 200 and kept_private(status_page)
    assert sent_back.status_code == 200 and "maija@example.org" in sent_back.content.decode()
    assert kept_private(sent_back)


def test_every_admin_page_and_download_is_kept_out_of_caches(admin_client):
    call_command("load_demo", verbosity=0)
    submission = Submission.objects.filter(reviews__isnull=False).first()
    attachment = Attachment.objects.create(
        submission=submission,
        form_token=submission.form_token,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=9,
    )
    base = "/en/admin/submissions"
    pages = [a for a in every_address() if a.startswith("/en/admin/") and CAPTURE not in a]
    pages.remove("/en/admin/jsi18n/")  # the admin's translations: the same for everyone
    for model in admin.site._registry:
        if obj := model.objects.order_by("pk").first():
            opts = obj._meta
            pages += [
                f"/en/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{page}/"
                for page in ("change", "history", "delete")
            ]
    pages += [
        f"{base}/call/{submission.call_id}/ranking/",
        f"{base}/call/{submission.call_id}/ranking.csv",
        f"{base}/submission/{submission.pk}/decide/",
        f"{base}/submission/{submission.pk}/publish/",
        f"{base}/submission/{submission.pk}/history/{submission.history.latest().history_id}/",
        f"{base}/submission/{submission.pk}/attachments/{attachment.pk}/",
    ]
    answers = {page: admin_client.get(page) for page in pages}
    answers["personal data export"] = admin_client.post(
        f"{base}/submission/personal-data/", {"email": submission.contact_email, "export": "1"}
    )

    shown = {page: answer for page, answer in answers.items() if answer.status_code == 200}
    assert len(shown) > 80
    assert [page for page, answer in shown.items() if not kept_private(answer)] == []
