"""Random and hostile input never breaks a page, and nothing is half-saved.

Hypothesis throws huge numbers, NUL bytes, mixed scripts, very long strings and
repeated parameters at the submission form, every list's filters and the search.
"""

import time
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from submissions.models import Attachment, SelfAssessment, Submission
from tests.factories import CallFactory, CriterionFactory, PracticeFactory, ThemeFactory
from website.spam import form_token_new

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "𝕏" * 50,
            "ääkköset ÅÖ",
            "中文 العربية русский",
            "x" * 20000,
            "' OR 1=1 --",
            "<script>",
            "%00",
            "../../etc/passwd",
            "-1",
            "0",
            "1e309",
            "NaN",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
RUNS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def catalogue():
    theme = ThemeFactory(slug="work")
    PracticeFactory(slug="p", themes=[theme])
    CallFactory(slug="open")
    CriterionFactory(slug="c0")


LIST_PARAMS = {
    "/fi/hyvat-kaytannot/": [
        "theme",
        "size",
        "target_group",
        "phase",
        "region",
        "year",
        "sort",
        "page",
    ],
    "/fi/hankkeet/": [
        "theme",
        "level",
        "funding",
        "region",
        "start_year",
        "status",
        "sort",
        "page",
    ],
    "/fi/haku/": ["q", "type", "theme", "size", "year", "page", "sort"],
    "/fi/kaytantohaut/": ["page"],
}


@RUNS
@given(
    path=st.sampled_from(sorted(LIST_PARAMS)),
    values=st.lists(st.tuples(st.integers(0, 7), HOSTILE_TEXT), max_size=6),
    junk=st.dictionaries(st.text(min_size=1, max_size=20), HOSTILE_TEXT, max_size=3),
)
def test_lists_and_search_answer_every_query_with_a_page_or_404(
    client, catalogue, path, values, junk
):
    names = LIST_PARAMS[path]
    query = [(names[index % len(names)], value) for index, value in values]  # repeats allowed
    query += list(junk.items())
    response = client.get(f"{path}?{urlencode(query)}")
    if response.status_code == 301:
        # Parameters the list does not read are dropped, and the address without them
        # answers like any other.
        assert response["Location"].startswith(path), (path, query)
        response = client.get(response["Location"])
    assert response.status_code in (200, 400, 404), (path, query)


FORM_FIELDS = [
    "title",
    "organisation",
    "summary",
    "goal",
    "how_it_works",
    "results",
    "resources",
    "adoption",
    "links",
    "contact_name",
    "contact_email",
    "contact_phone",
    "language",
    "consent",
    "municipalities",
    "themes",
    "target_groups",
    "website",
    "remove_attachments",
    "criterion_c0",
]


@RUNS
@given(
    fields=st.dictionaries(
        st.sampled_from(FORM_FIELDS), st.lists(HOSTILE_TEXT, min_size=1, max_size=3)
    )
)
def test_the_submission_form_answers_anything_without_half_saving(
    client, catalogue, fields, django_settings
):
    before = set(Submission.objects.values_list("pk", flat=True))
    data = {"form_token": form_token_new(started=time.time() - 60), **fields}
    response = client.post("/fi/kaytantohaut/open/", data, REMOTE_ADDR="192.0.2.99")
    assert response.status_code in (200, 302, 400)
    new = Submission.objects.exclude(pk__in=before)
    if response.status_code == 302:
        # Whatever was saved was saved whole: the submission with its self-assessment.
        assert SelfAssessment.objects.filter(submission__in=new).count() == new.count() == 1
    else:
        assert not new.exists()
    assert not Attachment.objects.filter(submission__in=new, size=0).exists()


@pytest.fixture
def django_settings(settings):
    settings.SUBMISSION_MIN_FILL_SECONDS = 0
    settings.SUBMISSIONS_PER_ADDRESS_PER_HOUR = 10_000
    return settings


@RUNS
@given(title=HOSTILE_TEXT, summary=HOSTILE_TEXT, email=HOSTILE_TEXT)
def test_a_valid_form_with_hostile_texts_is_saved_whole_or_refused(
    client, catalogue, django_settings, title, summary, email
):
    before = set(Submission.objects.values_list("pk", flat=True))
    data = {
        "form_token": form_token_new(started=time.time() - 60),
        "title": title,
        "organisation": "Org",
        "summary": summary,
        "goal": "g",
        "how_it_works": "h",
        "results": "r",
        "resources": "r",
        "adoption": "a",
        "contact_name": "N",
        "contact_email": email,
        "language": "fi",
        "consent": "on",
        "criterion_c0": "x",
    }
    response = client.post("/fi/kaytantohaut/open/", data, REMOTE_ADDR="192.0.2.98")
    # A NUL character is refused before the form is read (tests/website/test_nul_character.py).
    refused = any("\x00" in text for text in (title, summary, email))
    assert response.status_code in ((400,) if refused else (200, 302))
    new = Submission.objects.exclude(pk__in=before)
    if response.status_code == 302:
        submission = new.get()
        assert submission.self_assessments.count() == 1
        assert submission.title == title.strip()
    else:
        assert not new.exists()
