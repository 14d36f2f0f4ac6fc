""" "Used also in": someone who has taken a practice into use reports it, an editor
approves it with one click, the owner hears of it, and the page, the list, the API,
the CSV file and the JSON-LD count it."""

import csv
import io
import json
import re
import time

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from outbox.models import OutgoingEmail
from practices.models import Adoption, ContactMessage, Municipality
from tests.factories import (
    AdoptionFactory,
    MunicipalityFactory,
    PracticeFactory,
    RegionFactory,
    UserFactory,
)
from website.cache import content_version
from website.limits import RateLimit
from website.spam import form_token_new, form_token_read

pytestmark = pytest.mark.django_db

OWNER = "omistaja@example.org"
URL = "/en/good-practices/peer-groups/report-use/"
CHECK = "/en/good-practices/peer-groups/report-use/check/"
PAGE = "/en/good-practices/peer-groups/"
CHANGELIST = "/en/admin/practices/adoption/"


@pytest.fixture
def practice():
    return PracticeFactory(slug="peer-groups", contact_email=OWNER)


@pytest.fixture
def kuopio():
    region = RegionFactory(name_en="Northern Savonia", name_fi="Pohjois-Savo")
    return MunicipalityFactory(name_fi="Kuopio", slug="kuopio", region=region)


@pytest.fixture
def report(kuopio):
    """What a municipality's coordinator types, in a form opened a minute ago."""
    return {
        "form_token": form_token_new(started=time.time() - 60),
        "website": "",
        "organisation": "Kuopion kaupungin maahanmuuttajapalvelut",
        "municipality": str(kuopio.pk),
        "year": "2023",
        "changes": "Groups met in the library instead of the school.",
        "experience": "Twelve families took part in the first year.",
        "contact_name": "",
        "contact_email": "",
    }


def approve(client, *adoptions):
    return client.post(
        CHANGELIST,
        {"action": "approve_selected", "_selected_action": [a.pk for a in adoptions]},
    )


def test_a_report_waits_for_an_editor_then_shows_on_the_page_and_the_owner_is_told(
    client, editor_client, practice, report, editor
):
    assert f'action="{CHECK}"'.encode() in client.get(PAGE).content

    response = client.post(URL, report)

    assert response.status_code == 302
    assert b"once an editor has checked it" in client.get(response["Location"]).content
    adoption = Adoption.objects.get()
    assert (adoption.practice, adoption.language, adoption.is_approved) == (practice, "en", False)
    assert b"library instead of the school" not in client.get(PAGE).content
    assert not OutgoingEmail.objects.exists()

    assert approve(editor_client, adoption).status_code == 302

    page = client.get(PAGE).content.decode()
    assert "library instead of the school" in page
    assert "Kuopio" in page and "Northern Savonia" in page and "2023" in page
    assert "1 place reported" in page
    told = OutgoingEmail.objects.get(to=OWNER)
    assert "Kuopion kaupungin maahanmuuttajapalvelut" in told.body
    adoption.refresh_from_db()
    assert adoption.approved_by == editor
    latest = adoption.history.latest()
    assert latest.history_user == editor and latest.approved_at is not None


def test_a_waiting_report_leaves_the_cached_pages_as_they_are_until_an_editor_approves_it(
    client, editor_client, practice, report
):
    """A visitor's form that only adds a report to the editors' queue must not make every
    cached page and the facets' index be drawn anew in every worker."""
    before = content_version()
    assert client.post(URL, report).status_code == 302
    adoption = Adoption.objects.get()
    assert content_version() == before

    approve(editor_client, adoption)
    approved = content_version()
    assert approved != before  # now shown on the practice's page

    adoption.refresh_from_db()
    adoption.delete()
    assert content_version() != approved


def test_a_waiting_report_deleted_changes_no_public_page(practice):
    adoption = AdoptionFactory(practice=practice, pending=True)
    before = content_version()
    adoption.delete()
    assert content_version() == before


def test_approving_twice_in_two_tabs_tells_the_owner_once(editor_client, practice):
    adoption = AdoptionFactory(practice=practice, pending=True)
    approve(editor_client, adoption)
    approve(editor_client, adoption)
    assert OutgoingEmail.objects.filter(to=OWNER).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"organisation": ""}, "organisation", "This field is required."),
        ({"organisation": "x" * 201}, "organisation", "at most 200 characters"),
        ({"municipality": ""}, "municipality", "This field is required."),
        ({"municipality": "999999"}, "municipality", "Choose a municipality from the list."),
        ({"municipality": "abc"}, "municipality", "Choose a municipality from the list."),
        ({"year": ""}, "year", "This field is required."),
        ({"year": "twenty"}, "year", "Enter a whole number."),
        ({"year": "1999"}, "year", "greater than or equal to 2000"),
        ({"year": str(timezone.localdate().year + 1)}, "year", "cannot be later than this year"),
        ({"year": "9" * 30}, "year", "cannot be later than this year"),
        ({"changes": ""}, "changes", "This field is required."),
        ({"changes": "x" * 3001}, "changes", "at most 3000 characters"),
        ({"experience": ""}, "experience", "This field is required."),
        ({"experience": "x" * 3001}, "experience", "at most 3000 characters"),
        ({"contact_email": "nobody@"}, "contact_email", "Enter a valid email address."),
        ({"contact_email": "a@example.org"}, "consent", "Your consent is needed"),
        ({"contact_name": "Aino"}, "consent", "Your consent is needed"),
    ],
)
def test_every_rule_of_the_report_form_keeps_the_text_and_saves_nothing(
    client, practice, report, changes, field, error
):
    response = client.post(URL, {**report, **changes})

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert b'id="error-summary"' in response.content
    if field != "experience":
        assert b"Twelve families took part" in response.content
    assert not Adoption.objects.exists()


def test_contact_details_are_kept_with_consent_and_never_shown(client, practice, report):
    data = {**report, "contact_name": "Aino", "contact_email": "aino@example.org", "consent": "on"}
    assert client.post(URL, data).status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.contact_name, adoption.contact_email, adoption.consent) == (
        "Aino",
        "aino@example.org",
        True,
    )
    adoption.approved_at = timezone.now()
    adoption.save()
    assert b"aino@example.org" not in client.get(PAGE).content


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"website": "spam"}, "Leave this field empty"),
        ({"form_token": "just opened"}, "very quickly"),
        ({"form_token": "forged"}, "too old to be sent"),
    ],
)
def test_spam_defences_refuse_the_report(client, practice, report, changes, error):
    if changes.get("form_token") == "just opened":
        changes = {"form_token": form_token_new(started=time.time())}
    response = client.post(URL, {**report, **changes})
    assert response.status_code == 200
    assert error in " ".join(response.context["form"].non_field_errors())
    assert not Adoption.objects.exists()


def test_the_hourly_limit_per_visitor_stops_a_flood_of_reports(
    client, practice, report, monkeypatch
):
    monkeypatch.setattr(
        RateLimit, "THROTTLE_RATES", {**RateLimit.THROTTLE_RATES, "adoption": "1/hour"}
    )
    assert client.post(URL, report).status_code == 302
    again = {**report, "form_token": form_token_new(started=time.time() - 60)}
    response = client.post(URL, again)
    assert response.status_code == 429
    assert b"Twelve families took part" in response.content
    assert Adoption.objects.count() == 1


def test_a_report_sent_twice_is_saved_once(client, practice, report):
    client.post(URL, report)
    client.post(URL, report)
    assert Adoption.objects.count() == 1


# From the practice page --------------------------------------------------------


def typed(report):
    """What a visitor types into the form on the practice page: it has no token."""
    return {key: value for key, value in report.items() if key != "form_token"}


@pytest.mark.parametrize(
    ("page_url", "check_url", "region"),
    [
        (PAGE, CHECK, "Northern Savonia"),
        (
            "/fi/hyvat-kaytannot/peer-groups/",
            "/fi/hyvat-kaytannot/peer-groups/kerro-kaytosta/tarkista/",
            "Pohjois-Savo",
        ),
    ],
)
def test_the_practice_page_holds_the_report_form_and_stays_the_same_for_everyone(
    practice, kuopio, page_url, check_url, region
):
    first = Client().get(page_url).content.decode()
    again = Client(REMOTE_ADDR="198.51.100.7").get(page_url).content.decode()

    assert first == again  # served from the shared cache: nothing made for one visitor
    assert '<details class="report-use" id="report-use">' in first
    assert f'action="{check_url}"' in first
    assert "csrfmiddlewaretoken" not in first and 'name="form_token"' not in first
    # Every municipality of today, grouped by region.
    municipalities = re.search(r'<select name="municipality".*?</select>', first, re.S)[0]
    assert municipalities.count("<option value=") == Municipality.objects.current().count() + 1
    assert re.search(rf'<optgroup label="{region}">\s*<option value="{kuopio.pk}">Kuopio<', first)
    assert first.count('name="website"') == 2  # each form's honeypot
    # Beside "Contact the owner": every id on the page names one element.
    assert '<details class="contact-owner"' in first
    ids = re.findall(r'\sid="([^"]+)"', first)
    assert sorted(ids) == sorted(set(ids))


def test_a_report_from_the_practice_page_is_checked_then_sent_and_waits_for_an_editor(
    practice, kuopio, report, settings
):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(PAGE)
    check = visitor.post(CHECK, typed(report))
    assert check.status_code == 200
    page = check.content.decode()
    assert "Your report has not been sent yet" in page
    assert "Twelve families took part in the first year." in page  # the text is kept
    assert f'<option value="{kuopio.pk}" selected>Kuopio</option>' in page
    assert f'action="{URL}"' in page and "csrfmiddlewaretoken" in page
    assert not Adoption.objects.exists() and not OutgoingEmail.objects.exists()

    token = check.context["form"].data["form_token"]
    assert form_token_read(token) is not None  # minted now, at the first step
    sent = {**typed(report), "form_token": token}
    sent["csrfmiddlewaretoken"] = check.context["csrf_token"]
    too_fast = visitor.post(URL, sent)
    assert "sent very quickly" in too_fast.content.decode()  # the timing defence holds
    assert not Adoption.objects.exists()

    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    response = visitor.post(URL, sent)
    assert response.status_code == 302
    assert b"once an editor has checked it" in visitor.get(response["Location"]).content
    adoption = Adoption.objects.get()
    assert (adoption.practice, adoption.municipality, adoption.is_approved) == (
        practice,
        kuopio,
        False,
    )
    assert b"library instead of the school" not in visitor.get(PAGE).content
    assert not OutgoingEmail.objects.exists()  # the owner hears of it once approved


NEXT_YEAR = str(timezone.localdate().year + 1)


@pytest.mark.parametrize(
    ("send_url", "changes", "error", "title"),
    [
        (
            "/fi/hyvat-kaytannot/peer-groups/kerro-kaytosta/",
            {"year": NEXT_YEAR},
            "Vuosi ei voi olla tätä vuotta",
            "Virhe: Kerro, että käytätte tätä käytäntöä",
        ),
        (
            "/sv/god-praxis/peer-groups/beratta-om-anvandning/",
            {"contact_email": "aino@example.org"},
            "Ditt samtycke behövs om du anger kontaktuppgifter",
            "Fel: Berätta att ni använder den här praxisen",
        ),
        (URL, {"municipality": "999999"}, "Choose a municipality from the list.", "Error: "),
        (URL, {"website": "http://spam.example.com"}, "Leave the field “Leave", "Error: "),
    ],
)
def test_bad_input_on_the_practice_page_is_explained_in_the_visitors_language_and_kept(
    client, practice, report, send_url, changes, error, title
):
    check_url = {
        "/fi/": "/fi/hyvat-kaytannot/peer-groups/kerro-kaytosta/tarkista/",
        "/sv/": "/sv/god-praxis/peer-groups/beratta-om-anvandning/granska/",
        "/en/": CHECK,
    }[send_url[:4]]
    response = client.post(check_url, {**typed(report), **changes})

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert f"<title>{title}" in page
    assert 'id="error-summary"' in page
    assert "Twelve families took part in the first year." in page
    assert "Kuopion kaupungin maahanmuuttajapalvelut" in page
    assert f'action="{send_url}"' in page  # sent on to the second step
    assert form_token_read(response.context["form"].data["form_token"]) is not None
    assert not Adoption.objects.exists() and not OutgoingEmail.objects.exists()


@pytest.mark.parametrize(
    ("changes", "wait", "error"),
    [
        ({"website": "http://spam.example.com"}, 0, "Leave this field empty"),
        ({}, None, "sent very quickly"),  # the default wait, straight after the check
        ({"form_token": ""}, 0, "too old to be sent"),
    ],
)
def test_a_checked_report_still_meets_every_defence_when_it_is_sent(
    client, practice, report, settings, changes, wait, error
):
    check = client.post(CHECK, typed(report))
    assert check.status_code == 200
    if wait is not None:
        settings.SUBMISSION_MIN_FILL_SECONDS = wait
    sent = {**typed(report), "form_token": check.context["form"].data["form_token"], **changes}

    response = client.post(URL, sent)

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].non_field_errors())
    assert b"Twelve families took part" in response.content
    assert not Adoption.objects.exists()


def test_checking_is_not_sending_but_the_hourly_limit_holds_for_what_is_sent(
    client, practice, report, settings, monkeypatch
):
    monkeypatch.setattr(
        RateLimit, "THROTTLE_RATES", {**RateLimit.THROTTLE_RATES, "adoption": "1/hour"}
    )
    settings.SUBMISSION_MIN_FILL_SECONDS = 0

    def checked_and_sent():
        check = client.post(CHECK, typed(report))
        assert check.status_code == 200
        token = check.context["form"].data["form_token"]
        return client.post(URL, {**typed(report), "form_token": token})

    assert checked_and_sent().status_code == 302  # checked twice: the limit was not used
    refused = checked_and_sent()

    assert refused.status_code == 429
    assert "in the last hour" in " ".join(refused.context["form"].non_field_errors())
    assert b"Twelve families took part" in refused.content
    assert Adoption.objects.count() == 1


@pytest.mark.parametrize("trait", ["draft", "archived"])
def test_a_practice_not_published_takes_no_report_from_its_page(client, report, trait):
    PracticeFactory(slug="peer-groups", **{trait: True})
    PracticeFactory(slug="published")
    published = "/en/good-practices/published/report-use/check/"
    assert client.post(published, typed(report)).status_code == 200
    assert client.post(CHECK, typed(report)).status_code == 404
    assert not Adoption.objects.exists()


def test_the_report_check_step_only_answers_a_sent_form(client, practice):
    assert client.get(CHECK).status_code == 405
    # The report page itself still opens (bookmarks, links in e-mail).
    assert client.get(URL).status_code == 200


def test_drafts_take_no_reports(client, report):
    PracticeFactory(slug="peer-groups", draft=True)
    assert client.post(URL, report).status_code == 404
    assert not Adoption.objects.exists()


def test_the_database_refuses_contact_details_without_consent_and_implausible_years(practice):
    for values in ({"contact_email": "a@example.org", "consent": False}, {"year": 1850}):
        with pytest.raises(IntegrityError), transaction.atomic():
            AdoptionFactory(practice=practice, **values)


def test_a_report_in_another_language_is_marked_as_such(client, practice):
    AdoptionFactory(practice=practice, language="sv", changes="Vi träffades på biblioteket.")
    page = client.get(PAGE).content.decode()
    assert re.search(r'<dd lang="sv">Vi träffades på biblioteket.</dd>', page)
    assert "Reported in Swedish." in page
    finnish = client.get("/fi/hyvat-kaytannot/peer-groups/").content.decode()
    assert "Raportoitu ruotsiksi." in finnish


def test_the_list_facet_finds_practices_used_in_at_least_n_places(client):
    used_twice = PracticeFactory(slug="twice")
    used_once = PracticeFactory(slug="once")
    PracticeFactory(slug="never")
    AdoptionFactory.create_batch(2, practice=used_twice)
    AdoptionFactory(practice=used_once)
    AdoptionFactory(practice=used_once, pending=True)  # not counted until approved

    def listed(query):
        response = client.get(f"/en/good-practices/?{query}")
        return {p.slug for p in response.context["practices"]}, {
            option.value: option.count
            for facet in response.context["facets"]
            if facet.name == "used_in"
            for option in facet.options
        }

    assert listed("") == ({"twice", "once", "never"}, {"1": 2, "2": 1})
    assert listed("used_in=1")[0] == {"twice", "once"}
    assert listed("used_in=2")[0] == {"twice"}
    assert listed("used_in=5")[0] == set()
    assert listed("used_in=2&used_in=1")[0] == {"twice", "once"}  # the widest choice counts
    assert client.get("/en/good-practices/?used_in=3").status_code == 200


def test_the_adoption_count_is_open_data(client):
    practice = PracticeFactory(slug="peer-groups")
    AdoptionFactory.create_batch(2, practice=practice)
    AdoptionFactory(practice=practice, pending=True)

    listing = client.get("/api/v1/practices/").json()
    assert listing["results"][0]["adoption_count"] == 2
    assert client.get("/api/v1/practices/peer-groups/").json()["adoption_count"] == 2

    body = b"".join(client.get("/en/good-practices/export.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("Used in (places)")] == "2"

    page = client.get(PAGE).content.decode()
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    assert json.loads(json_ld)["interactionStatistic"]["userInteractionCount"] == 2


def test_the_demo_has_adoption_reports_in_three_languages():
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    reports = Adoption.objects.approved()
    assert reports.count() >= 3
    assert set(reports.values_list("language", flat=True)) == {"fi", "sv", "en"}
    assert all("(e" in report.organisation for report in reports)  # named as examples


# Roles ------------------------------------------------------------------------


@pytest.fixture
def contact_message(client, practice):
    client.post(
        "/en/good-practices/peer-groups/contact/",
        {
            "form_token": form_token_new(started=time.time() - 60),
            "sender_name": "Liisa",
            "sender_email": "liisa@example.org",
            "message": "A question about the groups.",
            "consent": "on",
        },
    )
    return ContactMessage.objects.get()


@pytest.fixture
def staff(juror, editor):
    return {"juror": juror, "editor": editor, "staff without a group": UserFactory(username="s")}


def test_editors_manage_reports_and_messages_and_jurors_see_none_of_it(
    client, staff, practice, contact_message
):
    adoption = AdoptionFactory(
        practice=practice,
        pending=True,
        contact_email="a@example.org",
        contact_name="Aino",
        consent=True,
    )
    pages = {
        "adoption list": CHANGELIST,
        "adoption": f"{CHANGELIST}{adoption.pk}/change/",
        "adoption history": f"{CHANGELIST}{adoption.pk}/history/",
        "message list": "/en/admin/practices/contactmessage/",
        "message": f"/en/admin/practices/contactmessage/{contact_message.pk}/change/",
    }
    for role, user in staff.items():
        client.force_login(user)
        for name, url in pages.items():
            expected = 200 if role == "editor" else 403
            assert client.get(url).status_code == expected, (role, name)
    client.force_login(staff["editor"])
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.get("/en/admin/practices/contactmessage/add/").status_code == 403
    # A message is read, never rewritten.
    client.post(pages["message"], {"message": "rewritten"})
    contact_message.refresh_from_db()
    assert contact_message.message == "A question about the groups."
    # A juror's approval is refused, and changes nothing.
    client.force_login(staff["juror"])
    assert approve(client, adoption).status_code == 403
    adoption.refresh_from_db()
    assert not adoption.is_approved


def test_hidden_contact_details_cannot_be_guessed_through_the_new_admin_lists(
    client, staff, practice, contact_message
):
    AdoptionFactory(practice=practice, contact_email="aino@example.org", consent=True)
    for role, user in staff.items():
        client.force_login(user)
        for url in [
            f"{CHANGELIST}?contact_email__startswith=ain",
            f"{CHANGELIST}?contact_email__startswith=qqz",
            "/en/admin/practices/contactmessage/?sender_email__startswith=lii",
            "/en/admin/practices/contactmessage/?sender_email__startswith=qqz",
        ]:
            assert client.get(url).status_code in (400, 403), (role, url)


def test_personal_data_export_and_erasure_cover_messages_and_reports(
    editor_client, practice, contact_message, django_capture_on_commit_callbacks
):
    adoption = AdoptionFactory(
        practice=practice, contact_name="Liisa", contact_email="Liisa@example.org", consent=True
    )
    url = "/en/admin/submissions/submission/personal-data/"

    exported = json.loads(
        editor_client.post(url, {"email": "liisa@example.org", "export": "1"}).content
    )
    assert [m["message"] for m in exported["contact_messages"]] == ["A question about the groups."]
    assert [r["contact_name"] for r in exported["adoption_reports"]] == ["Liisa"]

    owner_mail = contact_message.owner_email
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, {"email": "liisa@example.org", "erase": "1", "confirm": "on"})

    assert not ContactMessage.objects.exists()
    assert not OutgoingEmail.objects.filter(pk=owner_mail.pk).exists()  # it quoted her
    assert not OutgoingEmail.objects.filter(to__iexact="liisa@example.org").exists()
    adoption.refresh_from_db()
    assert (adoption.contact_name, adoption.contact_email, adoption.consent) == ("", "", False)
    assert adoption.organisation  # the report itself stays
    history_fields = {field.name for field in Adoption.history.model._meta.fields}
    assert not history_fields & {"contact_name", "contact_email"}


@pytest.mark.usefixtures("cache_in_memory")
def test_practice_cards_tell_where_a_practice_is_used_without_a_query_per_card(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    used = PracticeFactory(slug="used", title_en="Peer groups")
    AdoptionFactory.create_batch(3, practice=used)
    AdoptionFactory(practice=used, pending=True)  # not counted until approved
    PracticeFactory(slug="new", title_en="Not yet used")
    content_version()
    with django_assert_max_num_queries(20) as queries:
        page = client.get("/en/good-practices/").content.decode()
    few = len(queries)
    assert page.count("Used in 3 places") == 1
    assert "Used in 0" not in page
    assert "Käytössä 3 paikassa" in client.get("/fi/hyvat-kaytannot/").content.decode()
    assert "Används på 3 platser" in client.get("/sv/god-praxis/").content.decode()

    for _ in range(10):
        AdoptionFactory(practice=PracticeFactory())
    content_version()
    with django_assert_num_queries(few):
        page = client.get("/en/good-practices/").content.decode()
    assert page.count("Used in 1 place<") == 10
