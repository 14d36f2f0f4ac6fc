from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from practices.models import Criterion, Practice
from submissions.models import Call, CallState, Review, Submission

pytestmark = pytest.mark.django_db


PROJECT_APPS = ["practices", "submissions", "projects"]


def snapshot() -> dict[str, list]:
    """Every row of every table of the project's apps, as plain values."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_load_demo_loads_the_seeds_in_three_languages():
    call_command("load_demo", stdout=None)
    assert Criterion.objects.count() == 6
    practices = Practice.objects.published()
    assert practices.count() == 4
    for practice in practices:
        for lang in ("fi", "sv", "en"):
            assert getattr(practice, f"title_{lang}")
            assert getattr(practice, f"summary_{lang}")
        assert practice.assessments.count() == 6
    assert Practice.objects.get(slug="vertaiskoto-malli").suits_large


def test_the_real_practices_of_2016_show_only_what_the_source_pages_say(client):
    """The jury's scores of the February 2016 round were never published, and the source
    names the municipality sizes of two practices only: nothing is invented for them."""
    call_command("load_demo", stdout=StringIO())
    chosen = Practice.objects.filter(selection_round__date="2016-02-01")
    assert chosen.count() == 4
    assert not chosen.filter(assessments__rating__isnull=False).exists()
    sizes = {p.slug: [size.value for size in p.suitable_sizes] for p in chosen}
    assert sizes == {
        "spr-osaamisen-tunnistaminen-ja-tyoelamaan-tutustuminen": [],
        "oulun-prosessikuvaus-vastaanottokeskuksesta-kuntaan": [],
        "vertaiskoto-malli": ["large"],  # "suits larger localities in particular"
        "janakkalan-teemalliset-ryhmatapaamiset": ["small"],  # "smaller municipalities"
    }
    page = client.get("/en/good-practices/vertaiskoto-malli/").content.decode()
    assert "Rating:" not in page
    assert "Reception centre and municipality" in page  # chosen in that round


def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_synthetic_practices_are_added_once(capsys):
    call_command("load_demo", practices=30)
    assert Practice.objects.count() == 34
    first = snapshot()
    call_command("load_demo", practices=30)
    assert snapshot() == first


def test_synthetic_practices_vary_in_language():
    call_command("load_demo", practices=60)
    synthetic = Practice.objects.filter(slug__startswith="demo-")
    assert (
        synthetic.filter(title_en__isnull=True).exists() or synthetic.filter(title_en="").exists()
    )
    assert synthetic.exclude(title_en__isnull=True).exclude(title_en="").exists()
    assert synthetic.filter(status=Practice.Status.PUBLISHED).count() > 40
    assert (
        synthetic.filter(suits_small=True).exists() and synthetic.filter(suits_large=True).exists()
    )


def test_load_demo_adds_the_2018_call_closed_and_an_open_call_with_reviews():
    call_command("load_demo")
    mentoring = Call.objects.get(slug="mentoroinnin-hyvat-kaytannot-2018")
    assert mentoring.state == CallState.CLOSED
    assert Call.objects.get(slug="jaa-hyva-kaytantosi").state == CallState.OPEN
    assert Submission.objects.count() >= 3
    assert Review.objects.filter(submission__call=mentoring).count() >= 4


def test_demo_accounts_only_with_debug(settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert set(users.values_list("username", flat=True)) == {
        "demo-admin",
        "demo-editor",
        "demo-juror",
    }
    assert "demo-juror: password" in out.getvalue()
    password = out.getvalue().split("demo-editor: password ")[1].split()[0]
    assert get_user_model().objects.get(username="demo-editor").check_password(password)


def test_demo_practices_can_be_contacted_and_never_show_the_owners_address(client):
    call_command("load_demo", practices=3, stdout=StringIO())
    practices = list(Practice.objects.published())
    assert practices and all(p.contact_email.endswith("@example.org") for p in practices)
    practice = Practice.objects.get(slug="vertaiskoto-malli")
    address = practice.contact_email
    for url in (
        "/en/good-practices/vertaiskoto-malli/",
        "/fi/hyvat-kaytannot/vertaiskoto-malli/",
        "/api/v1/practices/vertaiskoto-malli/",
        "/api/v1/practices/",
        "/en/good-practices/export.csv",
    ):
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert response.status_code == 200, url
        assert address not in body and "example.org" not in body, url
    page = client.get("/en/good-practices/vertaiskoto-malli/").content.decode()
    assert "/en/good-practices/vertaiskoto-malli/contact/" in page
