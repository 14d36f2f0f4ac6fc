"""Submitters' personal data: kept only as long as needed, exportable and erasable."""

import datetime
import json
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from outbox.models import OutgoingEmail
from outbox.services import email_send_due
from practices.models import Adoption
from submissions.models import Attachment, Submission, SubmissionTransition
from tests.factories import CallFactory, MunicipalityFactory, PracticeFactory, SubmissionFactory
from tests.files import pdf_file
from website.spam import form_token_new

pytestmark = pytest.mark.django_db


def decided(months_ago: int, **fields) -> Submission:
    submission = SubmissionFactory(status="rejected", **fields)
    SubmissionTransition.objects.create(
        submission=submission,
        from_status="in_review",
        to_status="rejected",
        at=timezone.now() - datetime.timedelta(days=31 * months_ago),
    )
    return submission


def test_dry_run_lists_what_would_be_removed_and_removes_nothing():
    old = decided(13, contact_email="old@example.org")
    decided(2, contact_email="recent@example.org")
    out = StringIO()
    call_command("remove_expired_contact_details", "--dry-run", stdout=out)
    assert old.reference in out.getvalue()
    assert "Would remove: 1 contact details" in out.getvalue()
    assert Submission.objects.filter(contact_email="old@example.org").exists()


def test_contact_details_are_removed_a_number_of_months_after_the_decision(settings):
    settings.CONTACT_RETENTION_MONTHS = 12
    old = decided(13, contact_email="old@example.org")
    recent = decided(2, contact_email="recent@example.org")
    undecided = SubmissionFactory(status="in_review", contact_email="waiting@example.org")
    OutgoingEmail.objects.create(to="old@example.org", subject="s", body="Hei Maija")
    call_command("remove_expired_contact_details", stdout=StringIO())
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.contact_erased_at is not None
    assert old.title  # the practice itself stays
    assert Submission.objects.get(pk=recent.pk).contact_email == "recent@example.org"
    assert Submission.objects.get(pk=undecided.pk).contact_email == "waiting@example.org"
    assert not OutgoingEmail.objects.filter(to="old@example.org").exists()
    # Running again finds nothing more.
    out = StringIO()
    call_command("remove_expired_contact_details", stdout=out)
    assert "Removed: 0 contact details" in out.getvalue()


def test_mail_for_the_same_persons_active_submission_is_kept(settings):
    settings.CONTACT_RETENTION_MONTHS = 12
    decided(13, contact_email="maija@example.org")
    SubmissionFactory(status="received", contact_email="Maija@example.org")
    OutgoingEmail.objects.create(to="maija@example.org", subject="Received", body="Kiitos")

    call_command("remove_expired_contact_details", stdout=StringIO())

    assert OutgoingEmail.objects.filter(to="maija@example.org").exists()


def test_files_of_forms_never_sent_are_removed_after_a_day(
    attachment_folder, django_capture_on_commit_callbacks
):
    orphan = Attachment.objects.create(
        form_token="00000000-0000-0000-0000-000000000002",
        file=pdf_file(),
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
    )
    Attachment.objects.filter(pk=orphan.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_expired_contact_details", stdout=StringIO())
    assert not Attachment.objects.filter(pk=orphan.pk).exists()
    assert not any(path.is_file() for path in attachment_folder.rglob("*"))


def test_deleting_a_submission_deletes_its_files(
    attachment_folder, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    Attachment.objects.create(
        submission=submission,
        form_token=submission.form_token,
        file=pdf_file(),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=1,
    )
    assert any(path.is_file() for path in attachment_folder.rglob("*"))

    with django_capture_on_commit_callbacks(execute=True):
        submission.delete()

    assert not any(path.is_file() for path in attachment_folder.rglob("*"))


def test_editor_exports_one_persons_data(editor_client):
    SubmissionFactory(contact_email="maija@example.org", title="Kielikahvila")
    SubmissionFactory(contact_email="other@example.org")
    response = editor_client.post(
        "/en/admin/submissions/submission/personal-data/",
        {"email": "Maija@example.org", "export": "1"},
    )
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    data = json.loads(response.content)
    assert [s["practice"] for s in data["submissions"]] == ["Kielikahvila"]
    assert data["submissions"][0]["contact_email"] == "maija@example.org"


def test_editor_erases_one_persons_data_everywhere(
    editor_client, attachment_folder, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(contact_email="maija@example.org", contact_name="Maija")
    Attachment.objects.create(
        submission=submission,
        form_token=submission.form_token,
        file=pdf_file(),
        original_name="cv.pdf",
        content_type="application/pdf",
        size=10,
    )
    OutgoingEmail.objects.create(to="maija@example.org", subject="s", body="Hei Maija")
    assert any(path.is_file() for path in attachment_folder.rglob("*"))
    url = "/en/admin/submissions/submission/personal-data/"
    editor_client.post(
        url, {"email": "maija@example.org", "erase": "1"}
    )  # not confirmed: nothing happens
    assert Submission.objects.get(pk=submission.pk).contact_name == "Maija"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url, {"email": "maija@example.org", "erase": "1", "confirm": "on"}
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.contact_name == submission.contact_email == ""
    assert not submission.attachments.exists()
    assert not any(path.is_file() for path in attachment_folder.rglob("*"))
    assert not OutgoingEmail.objects.filter(to="maija@example.org").exists()
    # The history never held the contact details.
    history_fields = {field.name for field in Submission.history.model._meta.fields}
    assert not history_fields & {"contact_name", "contact_email", "contact_phone"}


def test_an_address_with_letters_beyond_ascii_is_found_whatever_their_case(editor_client):
    """On SQLite `iexact` folded ASCII only: "aiti@ääkkönen.fi" erased nothing of
    "Aiti@ÄÄKKÖNEN.fi" and the editor was told 0 submissions."""
    submission = SubmissionFactory(contact_email="Aiti@ÄÄKKÖNEN.fi", contact_name="Äiti")
    OutgoingEmail.objects.create(to="Aiti@ÄÄKKÖNEN.fi", subject="s", body="b")
    url = "/en/admin/submissions/submission/personal-data/"
    exported = editor_client.post(url, {"email": "aiti@ääkkönen.fi", "export": "1"})
    assert len(json.loads(exported.content)["submissions"]) == 1
    editor_client.post(url, {"email": "aiti@ääkkönen.fi", "erase": "1", "confirm": "on"})
    submission.refresh_from_db()
    assert submission.contact_email == ""
    assert not OutgoingEmail.objects.exists()


def test_jury_members_cannot_reach_personal_data(juror_client):
    response = juror_client.post(
        "/en/admin/submissions/submission/personal-data/", {"email": "x@example.org", "export": "1"}
    )
    assert response.status_code == 403


def test_privacy_notice_is_linked_from_the_form_and_says_how_long_data_is_kept(client):
    CallFactory(slug="open")
    form = client.get("/en/calls/open/").content.decode()
    assert 'href="/en/privacy/"' in form
    notice = client.get("/en/privacy/").content.decode()
    assert "12 months after the decision" in notice
    for path in ("/fi/tietosuoja/", "/sv/dataskydd/"):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/fi/tietosuoja/",
            [
                "Työ- ja elinkeinoministeriö",
                "PL 32, 00023 Valtioneuvosto",
                "tietosuojavastaavan tavoittaa osoitteesta kirjaamo.tem@gov.fi",
                "Oikeusperuste: lomakkeella antamasi suostumus",
                "(621/1999)",
                "tietosuojavaltuutetun toimistolle",
            ],
        ),
        (
            "/sv/dataskydd/",
            [
                "Arbets- och näringsministeriet",
                "PB 32, 00023 Statsrådet",
                "dataskyddsombud nås på kirjaamo.tem@gov.fi",
                "Rättslig grund: ditt samtycke",
                "(621/1999)",
                "dataombudsmannens byrå",
            ],
        ),
        (
            "/en/privacy/",
            [
                "Ministry of Economic Affairs and Employment of Finland",
                "P.O. Box 32, FI-00023 Government",
                "data protection officer is reached at kirjaamo.tem@gov.fi",
                "Legal basis: your consent",
                "Act on the Openness of Government Activities (621/1999)",
                "Office of the Data Protection Ombudsman",
            ],
        ),
    ],
)
def test_the_privacy_notice_names_the_controller_the_bases_and_where_to_complain(
    client, path, expected
):
    notice = client.get(path).content.decode()
    for text in expected:
        assert text in notice


# A visitor's name and address reach a practice's owner in two e-mails: the news of an
# approved adoption report ("The reporter agreed to be contacted: …") and a message
# through the practice's page ("From: …"). Erasing the visitor erased only the e-mail
# sent *to* them, and the export did not list the one that named them to the owner.

OWNER = "omistaja@example.org"
PERSONAL_DATA = "/en/admin/submissions/submission/personal-data/"


@pytest.fixture
def practice():
    return PracticeFactory(slug="peer-groups", title_en="Peer groups", contact_email=OWNER)


def personal_data(editor_client, email: str) -> dict:
    return json.loads(editor_client.post(PERSONAL_DATA, {"email": email, "export": "1"}).content)


def holding(*texts: str) -> list[OutgoingEmail]:
    """The outbox rows with any of the texts anywhere in them, case ignored."""
    return [
        message
        for message in OutgoingEmail.objects.all()
        if any(
            text.casefold()
            in f"{message.to} {message.subject} {message.body} {message.headers}".casefold()
            for text in texts
        )
    ]


def test_erasing_a_reporter_removes_the_news_that_named_them_to_the_practices_owner(
    editor_client, practice, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    visitor = Client()
    visitor.post(
        "/en/good-practices/peer-groups/report-use/",
        {
            "form_token": form_token_new(started=time.time() - 60),
            "website": "",
            "organisation": "Kuopion kaupunki",
            "municipality": str(MunicipalityFactory().pk),
            "year": "2024",
            "changes": "Groups met in the library.",
            "experience": "Twelve families took part.",
            "contact_name": "Rita Reporter",
            "contact_email": "rita@example.net",
            "consent": "on",
        },
    )
    adoption = Adoption.objects.get()
    editor_client.post(
        "/en/admin/practices/adoption/",
        {"action": "approve_selected", "_selected_action": [adoption.pk]},
    )
    told = OutgoingEmail.objects.get(to=OWNER)
    assert "Rita Reporter <rita@example.net>" in told.body

    exported = personal_data(editor_client, "RITA@example.net")

    assert [(e["subject"], e["to_you"]) for e in exported["emails"]] == [(told.subject, False)]
    assert OWNER not in json.dumps(exported)  # the owner's address is not hers to see

    editor_client.post(PERSONAL_DATA, {"email": "rita@example.net", "erase": "1", "confirm": "on"})

    assert holding("Rita Reporter", "rita@example.net") == []
    adoption.refresh_from_db()
    assert (adoption.contact_name, adoption.contact_email, adoption.is_approved) == ("", "", True)
    email_send_due()  # the news was still queued: it is not sent at all
    assert mail.outbox == []


def test_erasing_a_visitor_removes_their_message_to_the_owner_and_its_copy(editor_client, practice):
    Client().post(
        "/en/good-practices/peer-groups/contact/",
        {
            "form_token": form_token_new(started=time.time() - 60),
            "website": "",
            "sender_name": "Rita Reporter",
            "sender_email": "rita@example.net",
            "sender_organisation": "",
            "message": "How many peer guides did you need?",
            "consent": "on",
        },
    )
    to_owner, copy = OutgoingEmail.objects.get(to=OWNER), OutgoingEmail.objects.exclude(to=OWNER)
    assert "rita@example.net" in to_owner.body

    exported = personal_data(editor_client, "rita@example.net")

    assert sorted(e["to_you"] for e in exported["emails"]) == [False, True]
    assert copy.get().subject in [e["subject"] for e in exported["emails"]]

    editor_client.post(PERSONAL_DATA, {"email": "rita@example.net", "erase": "1", "confirm": "on"})

    assert holding("Rita Reporter", "rita@example.net") == []
    assert personal_data(editor_client, "rita@example.net")["emails"] == []


def test_an_address_is_found_whole_in_any_case_wherever_the_message_holds_it():
    def message(**fields):
        return OutgoingEmail.objects.create(
            **{"to": OWNER, "subject": "Subject", "body": "Body", **fields}
        )

    found = [
        message(to="Rita@Example.net"),
        message(body="Contact: RITA@EXAMPLE.NET."),
        message(subject="About rita@example.net"),
        message(headers={"Reply-To": "Rita <rita@example.net>"}),
    ]
    beyond_ascii = [
        message(body="Yhteyshenkilö: Äiti@ÄÄKKÖNEN.fi"),
        message(headers={"Reply-To": "Äiti@ÄÄKKÖNEN.fi"}),
    ]
    # Other people's addresses that hold hers: never exported or erased for her.
    message(body="margarita@example.net")
    message(body="o'rita@example.net, x=rita@example.net, a/rita@example.net")
    message(body="rita@example.network and rita.b@example.net")
    message(headers={"Reply-To": "<rita@example.net.invalid>"})

    assert set(OutgoingEmail.objects.carrying(" rita@example.net ")) == set(found)
    assert set(OutgoingEmail.objects.carrying("äiti@ääkkönen.fi")) == set(beyond_ascii)
    assert not OutgoingEmail.objects.carrying("").exists()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_privacy_notice_tells_that_the_owner_gets_the_details_and_erasure_reaches_it(
    client, lang
):
    with translation.override(lang):
        text = client.get(reverse("submissions:privacy")).content.decode()
    expected = {
        "en": ("the practice's contact person gets them by e-mail", "we erase these e-mails too"),
        "fi": ("käytännön yhteyshenkilö saa ne sähköpostitse", "poistamme myös nämä sähköpostit"),
        "sv": ("kontaktperson får dem per e-post", "raderar vi också dessa e-postmeddelanden"),
    }[lang]
    for words in expected:
        assert words in text
