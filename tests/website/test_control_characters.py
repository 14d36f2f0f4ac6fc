"""Control characters never enter the catalogue's texts, and a backup holds any text.

A vertical tab pasted from a word processor, or an escape character in an
imported row, once made every later backup fail (XML 1.0 cannot hold them).
Texts lose such characters where they enter: the public form (see
tests/submissions/test_submission_form.py), the admin and the importer; and the
backup round-trips whatever text the database holds, byte for byte.
"""

import io
import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django import forms
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from alerts.forms import SubscribeForm
from outbox.models import OutgoingEmail
from practices.forms import AdoptionForm, ContactForm
from practices.models import Criterion, Practice
from projects.models import Project
from submissions.forms import SubmissionForm
from submissions.models import Submission
from tests.factories import (
    CriterionFactory,
    PracticeFactory,
    ReviewFactory,
    SubmissionFactory,
    ensure_staff_groups,
)
from website.text import PlainTextFormMixin, one_line, without_control_characters

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"practices", "projects", "submissions"}
ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_admin_form_of_the_project_takes_out_control_characters(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    unguarded = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        if not issubclass(model_admin.get_form(request), PlainTextFormMixin):
            unguarded.append(model._meta.label)
        for inline in model_admin.get_inline_instances(request):
            if not issubclass(inline.get_formset(request).form, PlainTextFormMixin):
                unguarded.append(f"{model._meta.label} inline {inline.model._meta.label}")
    assert unguarded == []


def test_an_editor_pasting_control_characters_into_the_admin_saves_clean_text(editor_client):
    response = editor_client.post(
        "/en/admin/practices/practice/add/",
        {
            "title_fi": "Kieli\x0bkahvila\x1b[0m",
            "slug": "kielikahvila",
            "summary_fi": "Ensimmäinen rivi\x0btoinen rivi\x07 ",
            "organisation_fi": "Kunta\x00",
            "status": "draft",
            "assessments-TOTAL_FORMS": 0,
            "assessments-INITIAL_FORMS": 0,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    # A NUL is refused outright, before any form sees it (website/middleware.py);
    # the other control characters are taken out.
    assert response.status_code == 400
    assert not Practice.objects.exists()
    response = editor_client.post(
        "/en/admin/practices/practice/add/",
        {
            "title_fi": "Kieli\x0bkahvila\x1b[0m",
            "slug": "kielikahvila",
            "summary_fi": "Ensimmäinen rivi\x0btoinen rivi\x07 ",
            "organisation_fi": "Kunta",
            "status": "draft",
            "assessments-TOTAL_FORMS": 0,
            "assessments-INITIAL_FORMS": 0,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = Practice.objects.get(slug="kielikahvila")
    assert practice.title_fi == "Kieli kahvila[0m"
    assert practice.summary_fi == "Ensimmäinen rivi\ntoinen rivi"


def test_an_imported_row_with_control_characters_is_imported_clean(tmp_path):
    path = tmp_path / "projects.json"
    path.write_text(
        json.dumps(
            [
                {
                    "source_id": "K\x1b-1",
                    "name_fi": "Hanke\x0bnimi",
                    "summary_fi": "Rivi\x0btoinen\x1f",
                    "level": "local",
                    "links": [
                        {"title": "Sivu\x07", "url": "https://example.org/"},
                        {"title": "Toinen", "url": "https://example.org/a\x1b[0m/b"},
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    call_command("import_projects", str(path), "--no-progress", stdout=io.StringIO())
    project = Project.objects.get()
    assert (project.source_id, project.name_fi, project.summary_fi) == (
        "K-1",
        "Hanke nimi",
        "Rivi\ntoinen",
    )
    assert list(project.links.order_by("title").values_list("title", "url")) == [
        ("Sivu", "https://example.org/"),
        ("Toinen", "https://example.org/a[0m/b"),
    ]


def test_a_noncharacter_is_taken_out_like_a_control_character():
    """U+FFFE and U+FFFF are "not a character" in Unicode, and XML cannot hold them."""
    assert without_control_characters("Kieli\ufffekahvila\uffff") == "Kielikahvila"


def test_a_feed_stays_readable_with_whatever_text_was_stored(client):
    """Rows stored before these characters were taken out (or written by a migration,
    the shell or a restore) must not make a feed fail or become XML no reader takes."""
    PracticeFactory(title_en="Language\x0bcafé\ufffe", summary_en="One\x1b two\uffff")

    response = client.get("/en/feeds/practices/")

    assert response.status_code == 200
    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Language\ncafé"
    assert entry.findtext(f"{ATOM}summary") == "One two"


# The backup ------------------------------------------------------------------------


# Every C0 character; PostgreSQL cannot store NUL in text, SQLite can.
def every_control_character() -> str:
    first = 0 if connection.vendor == "sqlite" else 1
    return "".join(chr(code) for code in range(first, 32))


def odd_text() -> str:
    return f"alku {every_control_character()} \r\nloppu \t \n\n"


def content_of(archive: Path) -> bytes:
    with zipfile.ZipFile(archive) as opened:
        return opened.read("content.json")


@pytest.mark.django_db(transaction=True)
def test_a_backup_round_trips_any_text_byte_for_byte(tmp_path):
    """Rows written straight to the database (as an old import or a bug might have
    left them), with every control character and trailing whitespace, survive
    export → restore into an empty database → export, identical."""
    ensure_staff_groups()
    text = odd_text()
    practice = PracticeFactory(summary_fi=text, how_it_works_sv=text, title_en=text)
    review = ReviewFactory(
        comment_for_submitter=text,
        confidential_comment=text,
        submission=SubmissionFactory(status="in_review"),
    )
    review.scores.create(
        criterion=CriterionFactory(),
        score=2,
        comment_for_submitter=text,
        confidential_comment=text,
    )
    Submission.objects.filter(pk=review.submission_id).update(summary=text)
    OutgoingEmail.objects.create(to="a@example.org", subject="s", body="Hei.\n\nTerveisin\n")
    first = tmp_path / "first.zip"
    call_command("export_content", str(first), stdout=io.StringIO())

    call_command("flush", "--noinput", verbosity=0)
    call_command("import_content", str(first), stdout=io.StringIO())
    restored = Practice.objects.get(pk=practice.pk)
    assert (restored.summary_fi, restored.how_it_works_sv, restored.title_en) == (text,) * 3
    assert Submission.objects.get().summary == text
    assert OutgoingEmail.objects.get().body == "Hei.\n\nTerveisin\n"
    assert restored.history.earliest().summary_fi == text

    second = tmp_path / "second.zip"
    call_command("export_content", str(second), stdout=io.StringIO())
    assert content_of(first) == content_of(second)


@pytest.mark.django_db(transaction=True)
def test_a_backup_made_in_xml_by_an_earlier_version_still_restores(tmp_path):
    ensure_staff_groups()
    PracticeFactory(slug="vanha", title_fi="Vanha")
    data = io.StringIO()
    call_command(
        "dumpdata", "practices", "auth.group", format="xml", natural_foreign=True, stdout=data
    )
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(old, "w") as archive:
        archive.writestr("content.xml", data.getvalue())
    call_command("flush", "--noinput", verbosity=0)
    call_command("import_content", str(old), stdout=io.StringIO())
    assert Practice.objects.get().title_fi == "Vanha"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (
            "Eve Example\nE-mail: minister@valtioneuvosto.fi",
            "Eve Example E-mail: minister@valtioneuvosto.fi",
        ),
        ("Eve\r\n\r\nExample", "Eve Example"),
        ("Eve\tExample\x0bOy\x0c", "Eve Example Oy "),
        ("Eve\x85Example\u2028Oy\u2029Ab\x1cx", "Eve Example Oy Ab x"),
        ("Eve \u202eelpmaxE\u202c \u2066Oy\u2069", "Eve elpmaxE Oy"),  # no text turned round
        ("Eve\x1b[1m\x9bExample\x07", "Eve[1mExample"),
        # Joiners and direction marks stay: Persian names and emoji need them.
        ("می\u200cخواهم \u200fعلی\u200e", "می\u200cخواهم \u200fعلی\u200e"),
        ("👩\u200d👩\u200d👧 Perhe ry", "👩\u200d👩\u200d👧 Perhe ry"),
    ],
)
def test_a_one_line_text_holds_one_line_and_what_scripts_need(typed, kept):
    assert one_line(typed) == kept
    assert without_control_characters(typed, multiline=False) == kept


PUBLIC_FORMS = {
    "contact the owner": lambda: ContactForm(),
    "report an adoption": lambda: AdoptionForm(),
    "subscribe to alerts": lambda: SubscribeForm(),
    "submit a practice": lambda: SubmissionForm(
        criteria=Criterion.objects.all(), pending=[], sender=""
    ),
}


@pytest.mark.parametrize("form_name", PUBLIC_FORMS)
def test_every_one_line_field_of_the_public_forms_takes_one_line(form_name):
    """Names, organisations and titles typed by visitors end up in e-mails and pages
    where a line break would start a line of the visitor's own."""
    form = PUBLIC_FORMS[form_name]()
    typed = "Eve Example\nE-mail: minister@valtioneuvosto.fi"
    one_line_fields = [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field.widget, forms.Textarea | forms.HiddenInput)
    ]
    assert one_line_fields

    cleaned = form.plain_text({name: typed for name in one_line_fields})

    assert cleaned == {name: one_line(typed) for name in one_line_fields}
    assert all("\n" not in value for value in cleaned.values())


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Bob@Exa\u00admple.NET", "Bob@example.net"),  # IDNA drops the soft hyphen, folds case
        ("bob@\uff45xample.net\u200b", "bob@example.net"),  # full-width e, zero-width space
        ('"bob"@example.net', "bob@example.net"),  # quotes that change nothing
        ('"bob smith"@example.net', '"bob smith"@example.net'),  # quotes that do
        ("äiti@xn--kknen-fraa0m.fi", "äiti@ääkkönen.fi"),  # one spelling of an IDN domain
        ("äiti@ÄÄKKÖNEN.fi", "äiti@ääkkönen.fi"),
        ("no-at-sign", "no-at-sign"),  # left for the field to refuse
    ],
)
def test_an_address_is_kept_as_mail_is_delivered_to_it(typed, kept):
    form = ContactForm(
        {"sender_name": "B", "sender_email": typed, "message": "Hello", "consent": "on"}
    )
    form.is_valid()
    assert form.data["sender_email"] == kept
