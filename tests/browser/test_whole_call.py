"""A whole call for practices, in one story, in Chromium through the live server.

Eeva, an editor, opens a call with a review deadline and invites two jury members by
e-mail. Sara, a coordinator who writes Swedish, sends her practice through the public
form on /sv/. Astrid accepts her invitation and scores it; Ossi is late, is reminded and
then declares a conflict of interest. Eeva follows the jury's progress, decides and
publishes the practice.

Every kind of text a jury member writes carries a marker of its own, so that the checks
of privacy cannot pass by accident: each marker is looked for where it must be (the
texts for the submitter in the editor's draft of the feedback, in the submitter's
e-mail and on her status page) and looked for in vain everywhere else (the public page
in both languages, the practice's JSON, the preview of the publication; in what the
submitter reads, the confidential texts, the decision's reason and the jury's names).
E-mail is read from the outbox, as the sender would send it. The jury's and editors'
own pages on the way are checked with axe.
"""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from outbox.models import OutgoingEmail
from submissions.models import Call, Submission
from tests.browser.pages import go
from tests.browser.test_accessibility import assert_no_violations
from tests.factories import ThemeFactory, UserFactory, ensure_staff_groups

pytestmark = pytest.mark.django_db(transaction=True)

# What the jury write, each kind with a marker of its own.
FOR_SUBMITTER_ON_CRITERION = "FOR-SUBMITTER-MARK-1"
FOR_SUBMITTER_OVERALL = "FOR-SUBMITTER-MARK-2"
CONFIDENTIAL_ON_CRITERION = "CONFIDENTIAL-MARK-1"
CONFIDENTIAL_OVERALL = "CONFIDENTIAL-MARK-2"
CONFLICT_NOTE = "CONFLICT-MARK-1"
# ... and the editor's own reason for the decision, which is for the editors alone.
DECISION_REASON = "REASON-MARK-1"
FOR_THE_SUBMITTER = {FOR_SUBMITTER_ON_CRITERION, FOR_SUBMITTER_OVERALL}
NEVER_TO_THE_SUBMITTER = {CONFIDENTIAL_ON_CRITERION, CONFIDENTIAL_OVERALL, CONFLICT_NOTE}
NEVER_PUBLIC = FOR_THE_SUBMITTER | NEVER_TO_THE_SUBMITTER | {DECISION_REASON}

ASTRID = {"first_name": "Astrid", "last_name": "Granskarsson", "email": "astrid.g@example.org"}
OSSI = {"first_name": "Ossi", "last_name": "Jääviö", "email": "ossi.j@example.org"}
# How a jury member could be named: none of these may reach the submitter or the public.
JUROR_NAMES = [
    value for juror in (ASTRID, OSSI) for value in (*juror.values(), juror["email"].split("@")[0])
]
SARA = "sara.samordnare@example.org"
SELF_ASSESSMENT = "Uppfylls: föräldrarnas egna behov styr verksamheten."
TRANSLATED_ASSESSMENT = "Täyttyy: vanhempien omat tarpeet ohjaavat toimintaa."
PASSWORD = "en-lång-och-hemlig-fras-42"


def finnish_date(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def outbox_to(address: str):
    return list(OutgoingEmail.objects.filter(to=address).order_by("pk"))


def link_in(body: str, pattern: str) -> str:
    """The path of the first address in the e-mail's text that matches the pattern."""
    found = re.search(r"https?://[^/\s]+(/\S*" + pattern + r"\S*)", body)
    assert found, f"no link matching {pattern} in:\n{body}"
    return found.group(1)


def assert_none_of(texts, where: str, label: str) -> None:
    found = [text for text in texts if text in where]
    assert not found, f"{label} shows {found}"


def assert_heading_uncovered(page) -> None:
    """No button of the page's tools lies over the text of its heading."""
    covered = page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector('#content h1'));
            const text = range.getBoundingClientRect();
            return Array.from(document.querySelectorAll('.object-tools li'))
                .map(li => [li.innerText, li.getBoundingClientRect()])
                .filter(([, box]) => box.left < text.right && text.left < box.right
                    && box.top < text.bottom && text.top < box.bottom)
                .map(([name]) => name);
        }"""
    )
    assert covered == [], f"{covered} cover the heading"


def fill_in_language(page, field: str, lang: str, text: str) -> None:
    """Type into a translated field of the admin: first its language's tab."""
    page.locator(f"li[aria-controls='tab_id_{field}_{lang}']").click()
    page.fill(f"#id_{field}_{lang}", text)


def log_in(page, username: str, password: str) -> None:
    go(page, "/fi/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.locator("#user-tools")).to_be_visible()


@pytest.fixture
def newsroom(transactional_db, criteria, settings):
    """The site before the call: its criteria (fi/sv/en), a theme and an editor."""
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    ensure_staff_groups()
    ThemeFactory(name_fi="Kieli", name_sv="Språk", name_en="Language", slug="language")
    UserFactory(username="eeva", first_name="Eeva", last_name="Toimittaja", groups=["Editors"])
    return criteria


def test_a_whole_call_from_its_opening_to_the_published_practice(person, newsroom):
    criteria = newsroom
    today = timezone.localdate()

    # 1. Eeva opens the call, with a review deadline two weeks away, in Finnish admin.
    eeva = person("editor")
    log_in(eeva, "eeva", "a-long-test-password")
    go(eeva, "/fi/admin/submissions/call/add/")
    fill_in_language(eeva, "title", "fi", "Kieli arjessa 2027")
    fill_in_language(eeva, "title", "sv", "Språket i vardagen 2027")
    fill_in_language(eeva, "body", "fi", "Etsimme käytäntöjä, joissa kieltä opitaan arjessa.")
    eeva.check("#id_is_published")
    eeva.fill("#id_opens_at_0", finnish_date(today - datetime.timedelta(days=1)))
    eeva.fill("#id_opens_at_1", "09:00")
    eeva.fill("#id_closes_at_0", finnish_date(today + datetime.timedelta(days=30)))
    eeva.fill("#id_closes_at_1", "16:00")
    eeva.fill("#id_reviews_due", finnish_date(today + datetime.timedelta(days=14)))
    eeva.fill("#id_contact_email", "toimitus@example.org")
    eeva.get_by_role("button", name="Tallenna välillä ja jatka muokkaamista").click()
    expect(eeva.locator(".messagelist .success")).to_have_count(1)
    call = Call.objects.get()
    assert call.slug == "kieli-arjessa-2027"
    assert call.reviews_due == today + datetime.timedelta(days=14)

    # 2. She invites Astrid and Ossi to the jury.
    for juror in (ASTRID, OSSI):
        eeva.get_by_role("link", name="Kutsu raadin jäsen").click()
        assert_no_violations(eeva, "the invitation of a jury member")
        for field, value in juror.items():
            eeva.fill(f"#id_{field}", value)
        eeva.get_by_role("button", name="Lähetä kutsu").click()
        # (The admin capitalises its messages, the address at the start too.)
        expect(eeva.locator(".messagelist .success")).to_contain_text(
            re.compile(re.escape(juror["email"]), re.I)
        )
    assert {juror.email for juror in call.jurors.all()} == {ASTRID["email"], OSSI["email"]}

    # 3. Sara sends her practice in Swedish, on the call's Swedish page.
    with translation.override("sv"):
        call_url = reverse("submissions:call", kwargs={"slug": call.slug})
    sara = person("submitter")
    go(sara, call_url)
    expect(sara.locator("h1")).to_have_text("Språket i vardagen 2027")
    assert sara.input_value("#id_language") == "sv"
    sara.fill("#id_title", "Språkcafé för föräldrar")
    sara.fill("#id_organisation", "Exempelföreningen rf")
    sara.fill("#id_summary", "Föräldrar övar svenska i skolans lokaler.")
    sara.fill("#id_goal", "Föräldrarnas språk och kontakt med skolan.")
    sara.fill("#id_how_it_works", "Vi träffas varje vecka i skolan.")
    sara.fill("#id_results", "Deltagarnas respons.")
    sara.fill("#id_resources", "En handledares arbetstid.")
    sara.fill("#id_adoption", "Skolans lokaler och en handledare.")
    sara.get_by_role("checkbox", name="Språk").check()
    for field in sara.locator("textarea[name^='criterion_']").all():
        field.fill(SELF_ASSESSMENT)
    sara.fill("#id_contact_name", "Sara Samordnare")
    sara.fill("#id_contact_email", SARA)
    sara.check("#id_consent")
    sara.get_by_role("button", name="Skicka förslaget").click()
    expect(sara.locator(".messages")).to_contain_text("Tack! Ditt förslag har tagits emot.")
    submission = Submission.objects.get()
    assert submission.language == "sv"
    status_url = sara.url.split("?")[0]
    (received,) = outbox_to(SARA)
    assert "Tack för ditt förslag till utlysningen ”Språket i vardagen 2027”." in received.body
    assert link_in(received.body, submission.status_token) == status_url.removeprefix(eeva.base_url)

    # 4. Eeva sends it to the jury from its own page; the timer tells the jury by e-mail.
    go(eeva, "/fi/admin/submissions/submission/")
    eeva.get_by_role("link", name=submission.reference).click()
    eeva.get_by_role("button", name="Lähetä raadille").click()
    expect(eeva.locator(".messagelist .success")).to_contain_text("on lähetetty raadille")
    call_command("notify_jury", stdout=io.StringIO())
    for juror in (ASTRID, OSSI):
        # The invitation, then the submission sent: told each thing once.
        invitation, sent = outbox_to(juror["email"])
        assert "/invitation/" in invitation.body and submission.reference in sent.body

    # 5. Astrid accepts her invitation and lands on her desk, where the submission waits.
    astrid = person("Astrid")
    invitation = outbox_to(ASTRID["email"])[0]
    go(astrid, link_in(invitation.body, "/invitation/"))
    astrid.fill("#id_new_password1", PASSWORD)
    astrid.fill("#id_new_password2", PASSWORD)
    astrid.get_by_role("button", name="Aseta salasana").click()
    expect(astrid.locator(".messagelist .success")).to_have_text(
        "Salasanasi on asetettu. Tervetuloa raatiin."
    )
    assert astrid.url.endswith("/fi/admin/submissions/review/desk/")
    assert_no_violations(astrid, "the juror's desk")
    desk = astrid.locator(".jury-desk tbody tr")
    expect(desk).to_have_count(1)
    expect(desk).to_contain_text("Kieli arjessa 2027")
    expect(desk.locator("td").nth(1)).to_have_text("1")

    # 6. She scores it, writing to the submitter in Swedish, and to the editors apart.
    desk.get_by_role("link", name=f"Arvioi {submission.reference}").click()
    expect(astrid.locator(".score-grid")).to_be_visible()
    assert_no_violations(astrid, "the review form")
    for n, row in enumerate(astrid.locator(".score-grid tbody tr").all()):
        row.locator(f"input[value='{2 + n % 2}']").check()
    first = criteria[0]
    astrid.fill(f"#id_for_submitter_{first.pk}", f"{FOR_SUBMITTER_ON_CRITERION} Målet är tydligt.")
    astrid.fill(f"#id_confidential_{first.pk}", f"{CONFIDENTIAL_ON_CRITERION} Oklara kostnader.")
    astrid.select_option("#id_recommendation", "recommend")
    astrid.fill("#id_comment_for_submitter", f"{FOR_SUBMITTER_OVERALL} En modell att följa.")
    assert astrid.input_value("#id_language") == "sv"  # the submission's, by default
    astrid.fill("#id_confidential_comment", f"{CONFIDENTIAL_OVERALL} Jag känner föreningen.")
    astrid.get_by_role("button", name="Tallenna", exact=True).click()
    expect(astrid.locator(".messagelist .success")).to_have_text(
        f"Arviosi ehdotuksesta {submission.reference} on tallennettu."
    )

    # 7. Eeva follows the jury's progress: Ossi has not answered. Two weeks later he is
    # late (the review deadline is moved to yesterday, as the clock would), and she
    # reminds him.
    go(eeva, "/fi/admin/submissions/call/")
    eeva.get_by_role("link", name="Eteneminen").click()
    assert_no_violations(eeva, "the progress of the jury")
    assert_heading_uncovered(eeva)  # the long Finnish names of the tools
    jury = eeva.locator("#jury-progress tbody tr")
    expect(jury.filter(has_text="Astrid Granskarsson").locator("td").first).to_have_text("1")
    ossi_row = jury.filter(has_text="Ossi Jääviö")
    expect(ossi_row.locator("td").nth(2)).to_have_text("1")  # waiting
    expect(ossi_row.locator(".late")).to_have_count(0)
    Call.objects.filter(pk=call.pk).update(reviews_due=today - datetime.timedelta(days=1))
    eeva.reload()
    expect(ossi_row.locator(".late")).to_have_text("myöhässä")
    before = len(outbox_to(OSSI["email"]))
    ossi_row.get_by_role("button", name="Muistuta: Ossi Jääviö").click()
    expect(eeva.locator(".messagelist .success")).to_have_text(
        "Muistutus käyttäjälle Ossi Jääviö on lähdössä."
    )
    reminder = outbox_to(OSSI["email"])[before]
    assert submission.reference in reminder.body

    # 8. Ossi accepts his invitation, and on opening the submission declares a conflict
    # of interest, with a note for the editors. From then on he sees its title only,
    # and nothing of Astrid's review.
    ossi = person("Ossi")
    go(ossi, link_in(outbox_to(OSSI["email"])[0].body, "/invitation/"))
    ossi.fill("#id_new_password1", PASSWORD)
    ossi.fill("#id_new_password2", PASSWORD)
    ossi.get_by_role("button", name="Aseta salasana").click()
    expect(ossi.locator(".jury-desk .late")).to_be_visible()
    ossi.get_by_role("link", name=f"Arvioi {submission.reference}").click()
    ossi.check("#id_conflict_of_interest")
    ossi.fill("#id_confidential_comment", f"{CONFLICT_NOTE} Olen yhdistyksen hallituksessa.")
    ossi.get_by_role("button", name="Tallenna", exact=True).click()
    expect(ossi.locator(".messagelist .success")).to_be_visible()
    assert_no_violations(ossi, "the submission's page of a juror with a conflict of interest")
    seen = ossi.content()
    assert "Språkcafé för föräldrar" in seen
    assert_none_of(
        [*FOR_THE_SUBMITTER, CONFIDENTIAL_ON_CRITERION, CONFIDENTIAL_OVERALL, SELF_ASSESSMENT],
        seen,
        "the submission's page of the juror with a conflict",
    )

    # 9. The jury has answered; Eeva decides. The draft of the feedback holds the texts
    # for the submitter only, and no one's name.
    eeva.reload()
    expect(ossi_row.locator("td").nth(1)).to_have_text("1")  # conflicts of interest
    expect(eeva.get_by_role("button", name=re.compile("Muistuta"))).to_have_count(0)
    eeva.locator("#jury-answers").get_by_role("link", name=submission.reference).click()
    eeva.get_by_role("link", name="Kirjaa päätös").click()
    assert_no_violations(eeva, "the decision")
    draft = eeva.input_value("#id_feedback")
    for text in FOR_THE_SUBMITTER:
        assert text in draft
    assert_none_of([*NEVER_TO_THE_SUBMITTER, *JUROR_NAMES], draft, "the feedback's draft")
    eeva.get_by_label("Hyväksy").check()
    eeva.fill("#id_reason", f"{DECISION_REASON} Vahva ja selkeä.")
    eeva.get_by_role("button", name="Kirjaa päätös ja ilmoita ehdottajalle").click()
    expect(eeva.locator(".messagelist .success")).to_have_text(
        "Päätös on kirjattu, ja ehdottajalle on kerrottu siitä."
    )

    # 10. She publishes it: the preview says what will be public, and shows no jury text.
    eeva.get_by_role("link", name="Julkaise käytäntönä").click()
    assert_no_violations(eeva, "the preview of the publication")
    preview = eeva.locator("#content-main").inner_text()
    assert SELF_ASSESSMENT in preview
    assert_none_of(NEVER_PUBLIC | set(JUROR_NAMES), preview, "the preview of the publication")
    eeva.get_by_role("button", name="Tee käytäntöluonnos").click()
    expect(eeva.locator(".messagelist .success")).to_be_visible()

    # 11. The draft is in Swedish; it could be published so, and the page says what is not
    # yet in Finnish. Eeva translates it and publishes.
    expect(eeva.locator(".messagelist .warning").first).to_contain_text(
        "Ei vielä käännetty kielelle suomi: nimi; tiivistelmä"
    )
    fill_in_language(eeva, "title", "fi", "Kielikahvila vanhemmille")
    fill_in_language(eeva, "summary", "fi", "Vanhemmat harjoittelevat kieltä koulun tiloissa.")
    fill_in_language(eeva, "organisation", "fi", "Esimerkkiyhdistys ry")
    for n in range(len(criteria)):
        fill_in_language(eeva, f"assessments-{n}-how_met", "fi", TRANSLATED_ASSESSMENT)
    eeva.select_option("#id_status", "published")
    eeva.get_by_role("button", name="Tallenna", exact=True).click()
    expect(eeva.locator(".messagelist .success")).to_be_visible()
    practice = Submission.objects.get(pk=submission.pk).practice
    assert practice.is_public

    # 12. The public page, in Swedish and in Finnish, and the practice's JSON: the
    # submitter's own words, and nothing of the jury's or the editors'.
    visitor = person("visitor")
    for lang, own_words in (("sv", SELF_ASSESSMENT), ("fi", TRANSLATED_ASSESSMENT)):
        with translation.override(lang):
            go(visitor, practice.get_absolute_url())
        public = visitor.content()
        assert own_words in public
        assert_none_of(NEVER_PUBLIC | set(JUROR_NAMES), public, f"the public page in {lang}")
    api = visitor.request.get(f"{visitor.base_url}/api/v1/practices/{practice.slug}/?lang=all")
    assert api.ok
    data = json.dumps(api.json(), ensure_ascii=False)
    assert SELF_ASSESSMENT in data
    assert_none_of(NEVER_PUBLIC | set(JUROR_NAMES), data, "the practice's JSON")

    # 13. Sara's e-mail of the decision and her status page: in Swedish, with the texts
    # for her and nothing else of the jury's, no jury member named.
    (decided,) = outbox_to(SARA)[1:]
    assert decided.subject == f"Beslut om ditt förslag {submission.reference}"
    go(sara, link_in(decided.body, submission.status_token))
    expect(sara.locator("html")).to_have_attribute("lang", "sv")
    expect(sara.locator("#decision-heading")).to_have_text("Beslut")
    expect(sara.get_by_role("link", name="Se den publicerade praxisen")).to_be_visible()
    status_page = sara.locator("main").inner_text()
    for label, text in (("e-mail", decided.body), ("status page", status_page)):
        assert "Juryns respons" in text, label
        for marker in FOR_THE_SUBMITTER:
            assert marker in text, f"the submitter's {label} misses {marker}"
        assert_none_of(
            [*NEVER_TO_THE_SUBMITTER, DECISION_REASON, *JUROR_NAMES],
            text,
            f"the submitter's {label}",
        )
        # The criteria are named in her language, not in the editor's.
        assert criteria[0].name_sv in text and criteria[0].name_fi not in text, label
