"""Demo content for calls: the 2018 call for mentoring practices (closed), an
always-open call, sample submissions with jury reviews and, when DEBUG is on,
one account per role.

Idempotent like the rest of `load_demo`: what exists is left as it is.
"""

import datetime
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from practices.demo import demo_publisher
from practices.models import Criterion, Municipality, TargetGroup, Theme
from website.i18n import LANGUAGE_CODES

from .models import Call, SelfAssessment, Submission
from .roles import EDITORS, JURY
from .services import review_save
from .workflow import transition_apply

HELSINKI = timezone.get_default_timezone()
CONTACT = "hyvat-kaytannot@example.org"


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HELSINKI)


CALLS = [
    {
        "slug": "mentoroinnin-hyvat-kaytannot-2018",
        "title": (
            "Mentoroinnin hyvät käytännöt 2018",
            "God praxis inom mentorskap 2018",
            "Good practices in mentoring 2018",
        ),
        "body": (
            "Kotoutumisen osaamiskeskus etsi syksyllä 2018 maahan muuttaneiden mentorointimalleja, jotka on havaittu käytännössä toimiviksi eri puolilla Suomea.\n\n"
            "Mentoroinnin tavoite voi olla esimerkiksi työllistyminen, opiskelupaikan saaminen, terveyden edistäminen tai vanhemmuuden tukeminen – tai osallisuus harrastuksissa ja muussa yhteiskunnallisessa toiminnassa.\n\n"
            "Asiantuntijaraati arvioi ehdotukset, ja valitut käytännöt julkaistaan alkuvuodesta 2019. Hyvän käytännön jakaminen levittää toimivia malleja, tukee muiden työtä ja tuo näkyvyyttä oman organisaation työlle.",
            "Kompetenscentret för integration sökte hösten 2018 modeller för mentorskap för invandrare som har visat sig fungera i praktiken i olika delar av Finland.\n\n"
            "Målet med mentorskapet kan till exempel vara sysselsättning, en studieplats, bättre hälsa eller stöd i föräldraskapet – eller delaktighet i fritidsverksamhet och annan samhällelig verksamhet.\n\n"
            "En expertpanel bedömer förslagen, och den praxis som väljs ut publiceras i början av 2019. Att dela god praxis sprider fungerande modeller, stöder andras arbete och synliggör den egna organisationens insatser.",
            "In autumn 2018 the Centre of Expertise in Immigrant Integration looked for models of mentoring immigrants that have proven to work in practice in different parts of Finland.\n\n"
            "The aim of mentoring can be, for example, employment, a place to study, better health or support in parenting – or taking part in leisure activities and other activities in society.\n\n"
            "A panel of experts assesses the submissions, and the practices chosen are published early in 2019. Sharing a good practice spreads models that work, supports the work of others and makes your own organisation's work visible.",
        ),
        "partners": (
            "Suomi – minun kotini -hanke (ESR)",
            "Projektet Finland – mitt hem (ESF)",
            "The project Finland – my home (ESF)",
        ),
        "opens_at": at(2018, 10, 1, 7, 43),
        "closes_at": at(2018, 11, 30, 23, 59),
        "results_by": datetime.date(2019, 3, 31),
        "themes": ["mentoring-and-peer-support", "work-and-skills"],
    },
    {
        "slug": "jaa-hyva-kaytantosi",
        "title": (
            "Jaa hyvä käytäntösi",
            "Dela med dig av din goda praxis",
            "Share your good practice",
        ),
        "body": (
            "Onko organisaatiosi kehittänyt toimintamallin, joka edistää maahan muuttaneiden kotoutumista ja on osoittautunut toimivaksi? Kerro siitä meille. Haku on jatkuvasti auki, ja raati arvioi ehdotukset kuuden kriteerin perusteella muutaman kerran vuodessa.",
            "Har din organisation utvecklat en verksamhetsmodell som främjar invandrares integration och som har visat sig fungera? Berätta om den för oss. Ansökan är ständigt öppen, och juryn bedömer förslagen utifrån de sex kriterierna några gånger om året.",
            "Has your organisation developed a way of working that helps immigrants integrate and has proven to work? Tell us about it. This call is always open, and the jury assesses the submissions against the six criteria a few times a year.",
        ),
        "partners": ("", "", ""),
        "opens_at": at(2024, 1, 1, 0, 0),
        "closes_at": None,
        "results_by": None,
        "themes": [],
    },
]

SUBMISSIONS = [
    {
        "reference": "DEMO-0001",
        "call": "mentoroinnin-hyvat-kaytannot-2018",
        "language": "fi",
        "status": "accepted",
        "title": "Työelämämentorit maahan muuttaneille naisille",
        "organisation": "Esimerkkiyhdistys ry",
        "municipalities": ["tampere"],
        "themes": ["mentoring-and-peer-support", "work-and-skills"],
        "target_groups": ["women", "working-age-adults"],
        "summary": "Kokeneet työelämän ammattilaiset tapaavat maahan muuttaneita naisia kahden kesken puolen vuoden ajan ja tukevat heitä työnhaussa ja verkostojen luomisessa.",
        "goal": "Moni maahan muuttanut nainen jää työelämän ulkopuolelle, koska verkostoja ei ole. Tavoitteena on työpaikka tai koulutuspaikka ja omat ammatilliset verkostot.",
        "how_it_works": "Mentori ja aktori tapaavat kahden viikon välein. Aloitustapaamisessa sovitaan tavoitteet, ja jakson lopuksi arvioidaan, mitä saavutettiin.",
        "results": "Osallistujien palautteen mukaan työnhaku selkiytyi ja verkostot kasvoivat.",
        "resources": "Koordinaattorin työaika ja vapaaehtoiset mentorit.",
        "adoption": "Koordinaattori, joka rekrytoi ja kouluttaa mentoreita, sekä yhteistyö työnantajien kanssa.",
        "feedback": "Raati piti mallia selkeänä ja helposti toistettavana.",
    },
    {
        "reference": "DEMO-0002",
        "call": "mentoroinnin-hyvat-kaytannot-2018",
        "language": "sv",
        "status": "in_review",
        "title": "Studiementorer för unga vuxna",
        "organisation": "Exempelföreningen rf",
        "municipalities": ["vaasa", "pietarsaari"],
        "themes": ["mentoring-and-peer-support", "education"],
        "target_groups": ["young-people"],
        "summary": "Högskolestuderande fungerar som mentorer för unga invandrare som söker en studieplats.",
        "goal": "Unga vuxna som kommit till Finland känner ofta inte till utbildningssystemet. Målet är en studieplats inom ett år.",
        "how_it_works": "Mentorn och den unga träffas varje vecka under en termin och går tillsammans igenom ansökningar och studiebesök.",
        "results": "Deltagarna sökte till fler utbildningar än tidigare.",
        "resources": "En samordnare på deltid och ersättning för mentorernas resor.",
        "adoption": "Samarbete med en högskola och en samordnare.",
        "feedback": "",
    },
    {
        "reference": "DEMO-0003",
        "call": "mentoroinnin-hyvat-kaytannot-2018",
        "language": "en",
        "status": "rejected",
        "title": "Online buddy chat",
        "organisation": "Example Network",
        "municipalities": [],
        "themes": ["mentoring-and-peer-support"],
        "target_groups": ["working-age-adults"],
        "summary": "A chat service where volunteers answer newcomers' questions.",
        "goal": "To answer everyday questions quickly.",
        "how_it_works": "Volunteers take turns in the chat in the evenings.",
        "results": "Not measured yet.",
        "resources": "Volunteers and a chat licence.",
        "adoption": "A chat tool and volunteers.",
        "feedback": "The jury found the idea useful but the model too early to assess: its results have not been measured yet.",
    },
    {
        "reference": "DEMO-0004",
        "call": "jaa-hyva-kaytantosi",
        "language": "fi",
        "status": "received",
        "title": "Perhekahvila vastaanottokeskuksessa",
        "organisation": "Esimerkkikunta",
        "municipalities": ["forssa"],
        "themes": ["families-and-parenting", "reception-and-municipality"],
        "target_groups": ["families", "asylum-seekers"],
        "summary": "Viikoittainen perhekahvila tuo yhteen vastaanottokeskuksen perheet ja kunnan perhepalvelut.",
        "goal": "Perheet tutustuvat kunnan palveluihin jo vastaanottovaiheessa.",
        "how_it_works": "Kunnan perhetyöntekijät ja vastaanottokeskuksen ohjaajat pitävät kahvilaa yhdessä kerran viikossa.",
        "results": "Perheet löysivät neuvolan ja kerhot helpommin kuntaan muuton jälkeen.",
        "resources": "Kahden työntekijän aika kerran viikossa ja tila.",
        "adoption": "Yhteistyö vastaanottokeskuksen ja kunnan perhepalveluiden välillä.",
        "feedback": "",
    },
]

# (reference, juror, recommendation, scores by criterion position 1–6)
REVIEWS = [
    ("DEMO-0001", "jury-demo-1", "recommend", [3, 3, 2, 2, 3, 2]),
    ("DEMO-0001", "jury-demo-2", "recommend", [2, 3, 2, 2, 3, 3]),
    ("DEMO-0002", "jury-demo-1", "with_changes", [2, 3, 2, 1, 2, 2]),
    ("DEMO-0002", "jury-demo-2", "recommend", [3, 2, 2, 3, 2, 2]),
    ("DEMO-0003", "jury-demo-1", "do_not_recommend", [2, 2, 1, 0, 1, 1]),
    ("DEMO-0003", "jury-demo-2", "do_not_recommend", [2, 1, 1, 1, 1, 1]),
]


def load(*, options: dict, log: Callable[[str], None]) -> None:
    with transaction.atomic():
        calls = load_calls()
        jurors = load_sample_jurors()
        load_submissions(calls, jurors)
    log("Calls: the 2018 mentoring call, an always-open call and sample submissions are in place.")
    if settings.DEBUG:
        for line in load_demo_accounts(calls):
            log(line)


def load_calls() -> dict[str, Call]:
    calls = {}
    for data in CALLS:
        call, created = Call.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **{
                    f"title_{lang}": text
                    for lang, text in zip(LANGUAGE_CODES, data["title"], strict=True)
                },
                **{
                    f"body_{lang}": text
                    for lang, text in zip(LANGUAGE_CODES, data["body"], strict=True)
                },
                **{
                    f"partners_{lang}": text
                    for lang, text in zip(LANGUAGE_CODES, data["partners"], strict=True)
                },
                "opens_at": data["opens_at"],
                "closes_at": data["closes_at"],
                "results_by": data["results_by"],
                "contact_email": CONTACT,
                "is_published": True,
            },
        )
        if created:
            call.themes.set(Theme.objects.filter(slug__in=data["themes"]))
        calls[call.slug] = call
    return calls


def load_sample_jurors() -> dict[str, object]:
    """Two jury members who gave the sample reviews; they cannot log in."""
    user_model = get_user_model()
    jury = Group.objects.get(name=JURY)
    jurors = {}
    for number, username in enumerate(["jury-demo-1", "jury-demo-2"], start=1):
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": "Demo", "last_name": f"Juror {number}", "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(jury)
        jurors[username] = user
    return jurors


def load_submissions(calls: dict[str, Call], jurors: dict) -> None:
    """The sample submissions, each taken along its way as editors and jurors would: sent
    to the jury, reviewed, decided (the publisher of the demo content is an editor)."""
    criteria = list(Criterion.objects.order_by("position"))
    editor = demo_publisher()
    editor.groups.add(Group.objects.get(name=EDITORS))
    for data in SUBMISSIONS:
        if Submission.objects.filter(reference=data["reference"]).exists():
            continue
        call = calls[data["call"]]
        submission = Submission.objects.create(
            call=call,
            reference=data["reference"],
            language=data["language"],
            title=data["title"],
            organisation=data["organisation"],
            summary=data["summary"],
            goal=data["goal"],
            how_it_works=data["how_it_works"],
            results=data["results"],
            resources=data["resources"],
            adoption=data["adoption"],
            feedback=data["feedback"],
            contact_name="Demo Contact",
            contact_email="demo.contact@example.org",
            consent=True,
        )
        submission.municipalities.set(Municipality.objects.filter(slug__in=data["municipalities"]))
        submission.themes.set(Theme.objects.filter(slug__in=data["themes"]))
        submission.target_groups.set(TargetGroup.objects.filter(slug__in=data["target_groups"]))
        SelfAssessment.objects.bulk_create(
            SelfAssessment(submission=submission, criterion=criterion, text=data["summary"])
            for criterion in criteria
        )
        call.jurors.add(*jurors.values())
        if data["status"] == Submission.Status.RECEIVED:
            continue
        transition_apply(submission=submission, to=Submission.Status.IN_REVIEW, by=editor)
        for reference, juror, recommendation, scores in REVIEWS:
            if reference == data["reference"]:
                review_save(
                    submission=submission,
                    juror=jurors[juror],
                    conflict_of_interest=False,
                    recommendation=recommendation,
                    comment_for_submitter="",
                    confidential_comment="",
                    version="new",
                    scores={
                        criterion: (score, "", "")
                        for criterion, score in zip(criteria, scores, strict=True)
                    },
                )
        if data["status"] != Submission.Status.IN_REVIEW:
            # The decision without its e-mail: the demo's submitters are made up.
            transition_apply(submission=submission, to=data["status"], by=editor, note="demo")


def load_demo_accounts(calls: dict[str, Call]) -> list[str]:
    """One account per role for trying the service locally; passwords are shown once."""
    user_model = get_user_model()
    lines = []
    accounts = [
        ("demo-admin", None, True),
        ("demo-editor", EDITORS, False),
        ("demo-juror", JURY, False),
    ]
    for username, group, superuser in accounts:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "is_superuser": superuser,
                "email": f"{username}@example.org",
            },
        )
        if not created:
            lines.append(
                f"  {username}: already exists (reset with `manage.py changepassword {username}`)"
            )
            continue
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        if group == JURY:
            for call in calls.values():
                call.jurors.add(user)
        lines.append(f"  {username}: password {password}")
    return ["Demo accounts (DEBUG is on) – log in at /fi/admin/:", *lines]
