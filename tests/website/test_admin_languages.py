"""The admin speaks Finnish and Swedish throughout: every admin page of the project,
rendered in fi and sv for an editor (and the jury's pages for a jury member), shows no
English interface text, and the history shows no "None" or raw status values."""

import datetime
import os
import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from outbox.models import OutgoingEmail
from practices.models import (
    Criterion,
    IntegrationPhase,
    Municipality,
    Region,
    TargetGroup,
    Theme,
)
from submissions.models import Review, Submission
from submissions.workflow import transition_apply
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Words of the admin's English interface. A Finnish or Swedish page shows none of them
# outside data (names, titles) and text marked as another language. Words that are
# also Swedish ("all", "by", "in", "under", "man") are left out.
ENGLISH = set(
    """the and or of to for with from this that these those your you are is was were
    be been has have not no yes none add change changed delete deleted save saved history
    view filter search choose remove selected select action actions go clear show hide
    home log logout password documentation welcome previous next page results result
    today now yesterday tomorrow calendar clock midnight noon cancel unknown object
    model name reason user date time comment comments status submitted review reviews
    score scores jury juror member members decision ranking progress call calls please
    correct error errors below above there here click list edit editing more less
    field fields required optional option options available chosen sort ascending
    descending toggle sorting theme themes region regions practice practices project
    projects criterion criteria round rounds link links group groups permission
    permissions site administration recent my nothing empty entries entry total word
    words created used confirmed last""".split()
)

# English words that are Swedish words too.
SWEDISH_TOO = {"administration", "status", "jury", "total"}

HIDDEN = {"script", "style", "textarea", "template", "noscript"}


class Texts(HTMLParser):
    """The page's interface text: text nodes and the attributes people read or hear,
    leaving out scripts, what is typed in a field, and whatever is marked as another
    language (data, such as an English translation of a title)."""

    def __init__(self, lang):
        super().__init__()
        self.lang = lang
        self.stack = []  # (tag, hidden)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = bool(self.stack and self.stack[-1][1])
        hidden = hidden or tag in HIDDEN or attrs.get("lang", self.lang)[:2] != self.lang
        hidden = hidden or "data" in (attrs.get("class") or "").split()
        if not hidden:
            for name in ("title", "aria-label", "placeholder", "alt"):
                if attrs.get(name):
                    self.found.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.found.append(attrs["value"])
        if tag not in ("br", "input", "img", "meta", "link", "hr", "col", "source", "wbr"):
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]) and data.strip():
            self.found.append(data.strip())


def english_in(html: str, lang: str, data: list[str]) -> list[str]:
    parser = Texts(lang)
    parser.feed(html)
    bad = []
    for found in parser.found:
        text = found
        for value in data:
            text = text.replace(value, " ")
        # A code, not words: the secret of a new authenticator (base32, random), which
        # now and then holds "BE" or "TO" and was taken for English.
        text = re.sub(r"\b[A-Z2-7]{16,}\b", " ", text)
        words = {word.lower() for word in re.findall(r"[^\W\d_]+", text)}
        if words & (ENGLISH - SWEDISH_TOO if lang == "sv" else ENGLISH):
            bad.append(found)
    return sorted(set(bad))


@pytest.fixture
def everything(db):
    """One of each kind of object an editor meets in the admin, with a history."""
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    editor = UserFactory(username="toimittaja", first_name="Toini", groups=["Editors"])
    juror = UserFactory(username="juuri", first_name="Juuri", groups=["Jury"])
    submission = Submission.objects.get(reference="DEMO-0002")
    call = submission.call
    call.jurors.add(juror)
    review = Review.objects.create(submission=submission, juror=juror, recommendation="recommend")
    for criterion in Criterion.objects.all():
        review.scores.create(criterion=criterion, score=2)
    received = Submission.objects.filter(status="received").first()
    transition_apply(submission=received, to="in_review", by=editor)
    OutgoingEmail.objects.create(to="a@example.org", subject="Aihe", body="Viesti")
    return {"editor": editor, "juror": juror, "call": call, "submission": submission}


def admin_pages(client, user) -> list[str]:
    """Every page of the admin the user may open: each model's list, add form, one
    object's change form and history, and the project's own pages."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name

        class Request:
            pass

        request = Request()
        request.user = user
        if not model_admin.has_view_or_change_permission(request):
            continue
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            try:
                urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
            except NoReverseMatch:
                pass
    return urls


def own_pages(everything) -> list[str]:
    call, submission = everything["call"], everything["submission"]
    accepted = Submission.objects.get(reference="DEMO-0001")
    version = call.history.order_by("history_id").first()
    return [
        reverse("admin:two_factor_setup"),
        reverse("admin:password_change_done"),
        reverse("admin:submissions_call_simple_history", args=[call.pk, version.pk]),
        reverse("admin:submissions_submission_publish", args=[accepted.pk]),
        reverse("admin:submissions_call_ranking", args=[call.pk]),
        reverse("admin:submissions_call_progress", args=[call.pk]),
        reverse("admin:submissions_submission_decide", args=[submission.pk]),
        reverse("admin:submissions_personal_data"),
        reverse("admin:submissions_submission_history", args=[submission.pk]),
    ]


def data_texts() -> list[str]:
    """What the demo holds as data, longest first: people's user names and names,
    references, titles and organisations, and the vocabulary's slugs."""
    texts = set()
    for submission in Submission.objects.all():
        texts |= {submission.title, submission.organisation, submission.reference}
    for user in get_user_model().objects.all():
        texts |= {user.get_username(), user.get_full_name(), user.first_name, user.last_name}
    for model in (Theme, TargetGroup, IntegrationPhase, Criterion, Region, Municipality):
        texts |= set(model.objects.values_list("slug", flat=True))
    return sorted((text for text in texts if text), key=len, reverse=True)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_admin_page_speaks_the_language_for_an_editor(client, everything, lang):
    client.force_login(everything["editor"])
    with translation.override(lang):
        urls = admin_pages(client, everything["editor"]) + own_pages(everything)
    data = data_texts()
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bad = english_in(response.content.decode(), lang, data)
        if bad:
            found[url] = bad
    assert not found, "\n".join(f"{url}: {bad}" for url, bad in found.items())


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_jury_members_pages_speak_the_language(client, everything, lang):
    client.force_login(everything["juror"])
    submission = everything["submission"]
    data = data_texts()
    with translation.override(lang):
        urls = [
            reverse("admin:submissions_review_desk"),
            reverse("admin:submissions_submission_changelist"),
            reverse("admin:submissions_submission_change", args=[submission.pk]),
            reverse("admin:submissions_review_changelist"),
            reverse("admin:submissions_review_add") + f"?submission={submission.pk}",
        ]
    found = {}
    for url in urls:
        # The review form of a submission already reviewed opens the review itself.
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if bad := english_in(response.content.decode(), lang, data):
            found[url] = bad
    assert not found, "\n".join(f"{url}: {bad}" for url, bad in found.items())


def test_history_shows_labels_not_raw_values_or_none(client, everything):
    client.force_login(everything["editor"])
    call = everything["call"]
    call.reviews_due = datetime.date(2026, 3, 1)
    call.is_published = False
    call.save()
    submission = everything["submission"]
    submission.language = "sv" if submission.language != "sv" else "fi"
    submission.save()
    pages = [
        f"/fi/admin/submissions/call/{call.pk}/history/",
        f"/fi/admin/submissions/submission/{submission.pk}/history/",
    ]
    calls, submissions = (
        client.get(url).content.decode().split('id="change-history"')[1] for url in pages
    )
    calls = re.sub(r"\s+", " ", calls.replace("&nbsp;", " ").replace("&rarr;", "→"))
    assert "Arvioinnin määräaika:</strong> – → 1.3.2026" in calls
    assert "Julkaistu:</strong> kyllä → ei" in calls
    assert "None" not in calls and "True" not in calls
    submissions = re.sub(r"\s+", " ", submissions.replace("&nbsp;", " ").replace("&rarr;", "→"))
    assert re.search(r"(suomi|ruotsi) → (suomi|ruotsi)", submissions)
    assert 'style="' not in calls


def test_the_admin_scripts_speak_finnish_and_swedish(client, everything):
    client.force_login(everything["editor"])
    for lang, expected in (("fi", "Poista kaikki"), ("sv", "Ta bort alla")):
        catalogue = client.get(f"/{lang}/admin/jsi18n/").content.decode()
        assert expected in catalogue, lang
        assert '"Remove all %s"' in catalogue and '"Choose all %s"' in catalogue


@pytest.fixture
def superuser(everything):
    """A superuser, with a log-in attempt, an access record and an authenticator on the
    books, so that the libraries' admin pages (django-axes, django-otp) have a row."""
    user = UserFactory(username="paakayttaja", first_name="Pää", is_staff=True, is_superuser=True)
    AccessAttempt.objects.create(
        username="joku", ip_address="192.0.2.1", user_agent="selain", failures_since_start=1
    )
    AccessLog.objects.create(username="paakayttaja", ip_address="192.0.2.1", user_agent="selain")
    AccessFailureLog.objects.create(
        username="joku", ip_address="192.0.2.1", user_agent="selain", locked_out=False
    )
    TOTPDevice.objects.create(user=everything["juror"], name="puhelin", confirmed=True)
    return user


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_admin_page_speaks_the_language_for_a_superuser(client, everything, superuser, lang):
    client.force_login(superuser)
    with translation.override(lang):
        urls = admin_pages(client, superuser) + own_pages(everything)
    # Data too: the groups' names, and the log-in records as django-axes names them
    # (its own English, with a user name and a moment; it offers no translation).
    records = [*AccessLog.objects.all(), *AccessFailureLog.objects.all()]
    data = sorted(
        [*data_texts(), *Group.objects.values_list("name", flat=True)]
        + [str(record) for record in records]
        + ["joku", "selain", "puhelin", "192.0.2.1", "<unknown>"],
        key=len,
        reverse=True,
    )
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if bad := english_in(response.content.decode(), lang, data):
            found[url] = bad
    assert not found, "\n".join(f"{url}: {bad}" for url, bad in found.items())


def test_permissions_are_named_in_the_language_of_the_page(admin_client):
    html = admin_client.get("/fi/admin/auth/group/add/").content.decode()
    assert "Hyvät käytännöt | hyvä käytäntö | Voi lisätä: hyvä käytäntö" in html
    assert "Can add good practice" not in html
    # A model's own permissions come from the catalogue; a history's are named as such.
    assert "Can publish accepted submissions as practices" not in html
    assert "hyvä käytäntö (historia)" in html
    # The search app is named with a noun, not the search button's verb.
    assert "Haku | hakusana | Voi lisätä: hakusana" in html
    html = admin_client.get("/sv/admin/auth/group/add/").content.decode()
    assert "Kan visa: god praxis" in html
    assert "Sökning | sökord | Kan visa: sökord" in html
