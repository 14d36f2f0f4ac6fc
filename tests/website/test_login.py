"""Log-in: a lock-out after repeated failures, password rules, sessions that end,
and a second factor for staff."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/admin/login/"


def attempt(client, username, password="wrong-password", address="192.0.2.50", token=""):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": token, "next": "/en/admin/"},
        REMOTE_ADDR=address,
    )


def test_repeated_failures_lock_the_user_from_that_address_without_saying_if_it_exists(
    client, settings, editor
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor")
        attempt(client, "nobody")
    locked = attempt(client, "editor", password="a-long-test-password")
    unknown = attempt(client, "nobody")
    assert locked.status_code == unknown.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()
    assert locked.content.decode().replace("editor", "nobody") == unknown.content.decode().replace(
        "editor", "nobody"
    )
    # Another address is not locked out.
    other = attempt(client, "editor", password="a-long-test-password", address="198.51.100.9")
    assert other.status_code == 302


def test_a_successful_log_in_clears_earlier_failures(client, settings, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "editor")
    assert attempt(client, "editor", password="a-long-test-password").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "editor")
    assert attempt(client, "editor", password="a-long-test-password").status_code == 302


@pytest.mark.parametrize(
    "password", ["short1", "password123456", "123456789012345", "editoreditor1"]
)
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="editoreditor")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_sessions_end_after_idle_hours_and_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.fixture
def juror_with_device():
    user = UserFactory(username="juuri", groups=["Jury"])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def current_token(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_staff_with_a_second_factor_need_the_code(client, juror_with_device):
    _user, device = juror_with_device
    without = attempt(client, "juuri", password="a-long-test-password")
    assert without.status_code == 200
    assert "Enter the code from your authenticator app." in without.content.decode()
    right = attempt(client, "juuri", password="a-long-test-password", token=current_token(device))
    assert right.status_code == 302
    landed = client.get("/en/admin/", follow=True)  # a jury member's home: their desk
    assert landed.status_code == 200
    assert landed.redirect_chain[-1][0] == "/en/admin/submissions/review/desk/"


def test_a_wrong_code_is_refused_and_slows_further_tries(client, juror_with_device):
    _user, device = juror_with_device
    wrong = attempt(client, "juuri", password="a-long-test-password", token="000000")
    assert wrong.status_code == 200
    assert client.get("/en/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_second_factor_is_optional_unless_required(client, editor):
    assert attempt(client, "editor", password="a-long-test-password").status_code == 302
    assert client.get("/en/admin/").status_code == 200


def test_when_required_staff_must_set_up_a_second_factor_first(client, settings, editor):
    settings.REQUIRE_TWO_FACTOR = True
    attempt(client, "editor", password="a-long-test-password")
    response = client.get("/en/admin/", follow=True)
    assert response.redirect_chain[-1][0].endswith("/en/admin/two-step-verification/")
    assert client.get("/en/admin/practices/practice/").status_code == 302
    assert 'alt="Code to scan with the authenticator app"' in response.content.decode()
    # Showing the page stores nothing; the key waits in the session for a code.
    assert not TOTPDevice.objects.exists()
    app = TOTPDevice(key=client.session["two_factor_setup_key"])
    client.post("/en/admin/two-step-verification/", {"token": current_token(app)})
    device = TOTPDevice.objects.get(user=editor)
    assert device.confirmed and device.key == app.key
    assert client.get("/en/admin/practices/practice/").status_code == 200


def test_visitors_accounts_cannot_enter_the_admin(client):
    UserFactory(username="visitor", is_staff=False)
    response = attempt(client, "visitor", password="a-long-test-password")
    assert response.status_code == 200
    assert client.get("/en/admin/").status_code == 302


def test_setting_up_refuses_a_wrong_code(client, settings, editor):
    settings.REQUIRE_TWO_FACTOR = True
    attempt(client, "editor", password="a-long-test-password")
    response = client.post("/en/admin/two-step-verification/", {"token": "000000"})
    assert "The code is not right." in response.content.decode()
    assert not TOTPDevice.objects.get(user=editor).confirmed


def test_a_log_in_without_a_next_address_lands_on_a_page_that_exists(client, editor):
    response = client.post(
        LOGIN, {"username": "editor", "password": "a-long-test-password", "otp_token": ""}
    )

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("name", ["LOGIN_URL", "LOGIN_REDIRECT_URL"])
def test_the_log_in_addresses_django_sends_people_to_exist(editor_client, settings, name):
    if name == "LOGIN_URL":
        editor_client.logout()

    assert editor_client.get(resolve_url(getattr(settings, name))).status_code == 200


def test_nobody_reads_another_persons_authenticator_secret_in_the_admin(admin_client):
    owner = UserFactory(username="owner")
    device = TOTPDevice.objects.create(user=owner, name="phone", confirmed=True)
    base = "/en/admin/otp_totp/totpdevice"
    assert device.key not in admin_client.get(f"{base}/{device.pk}/change/").content.decode()
    pages = [f"{base}/{device.pk}/config/", f"{base}/{device.pk}/qrcode/", f"{base}/999/config/"]
    for url in pages:
        assert admin_client.get(url).status_code == 403, url


def test_a_session_from_before_the_second_factor_cannot_add_an_authenticator(client):
    """An old session (a stolen cookie, a shared computer) logged in with the password
    alone; the owner then set up two-step verification elsewhere. That session may not
    register an authenticator of its own and so get past the second factor."""
    user = UserFactory(username="editor", groups=["Editors"])
    attempt(client, "editor", password="a-long-test-password")
    TOTPDevice.objects.create(user=user, name="owner's phone", confirmed=True)
    assert client.get("/en/admin/").status_code == 302  # the old session must verify now

    response = client.get("/en/admin/two-step-verification/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    app = TOTPDevice(key="3132333435363738393031323334353637383930")
    client.post("/en/admin/two-step-verification/", {"token": current_token(app)})
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert client.get("/en/admin/").status_code == 302
