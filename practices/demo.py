"""Demo content for the catalogue: the vocabulary, the six criteria and the seed practices.

`load_demo` calls `load()`; it is idempotent: what exists is left as it is,
so running it twice changes nothing. `--practices N` adds synthetic practices
(varied themes, sizes and languages, some with missing translations) for scale
tests; they are numbered, so asking for N again creates none.
"""

import datetime
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from search.index import index_objects
from website.cache import content_changed

from . import demo_data
from .models import (
    Adoption,
    Criterion,
    CriterionAssessment,
    IntegrationPhase,
    Municipality,
    Practice,
    Region,
    SelectionRound,
    TargetGroup,
    Theme,
)
from .municipalities import municipalities_load, shipped_rows
from .services import practice_publish

LANGS = ("fi", "sv", "en")
SYNTHETIC_PREFIX = "demo-"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--practices",
        type=int,
        default=0,
        metavar="N",
        help="Also create N synthetic practices for scale tests.",
    )


def localized(field: str, values) -> dict[str, str]:
    """`("a", "b", "c")` as `{"field_fi": "a", "field_sv": "b", "field_en": "c"}`."""
    return {f"{field}_{lang}": value for lang, value in zip(LANGS, values, strict=True)}


@transaction.atomic
def load(*, options: dict, log: Callable[[str], None]) -> None:
    created = load_vocabulary()
    created += load_seed_practices()
    created += load_adoptions()
    log(f"Catalogue: {created} new rows of vocabulary and seed practices.")
    wanted = options.get("practices") or 0
    if wanted:
        added = load_synthetic_practices(wanted)
        log(f"Catalogue: {added} synthetic practices added ({wanted} wanted in all).")


def load_vocabulary() -> int:
    created = 0
    for model, rows in ((Theme, demo_data.THEMES), (TargetGroup, demo_data.TARGET_GROUPS)):
        for position, (slug, *names) in enumerate(rows):
            _, new = model.objects.get_or_create(
                slug=slug, defaults={"position": position, **localized("name", names)}
            )
            created += new
    for position, (slug, *texts) in enumerate(demo_data.PHASES):
        _, new = IntegrationPhase.objects.get_or_create(
            slug=slug,
            defaults={
                "position": position,
                **localized("name", texts[:3]),
                **localized("description", texts[3:]),
                **demo_data.criterion_levels(slug),
            },
        )
        created += new
    # The migration loads every municipality; a database emptied since gets them again.
    if not Municipality.objects.exclude(code="").exists():
        loaded = municipalities_load(Region=Region, Municipality=Municipality, rows=shipped_rows())
        created += len(loaded.added) + len(loaded.regions_added)
    for position, (slug, *texts) in enumerate(demo_data.CRITERIA, start=1):
        _, new = Criterion.objects.get_or_create(
            slug=slug,
            defaults={
                "position": position,
                **localized("name", texts[:3]),
                **localized("description", texts[3:]),
                **demo_data.criterion_levels(slug),
            },
        )
        created += new
    return created


def load_seed_practices() -> int:
    round_data = demo_data.SELECTION_ROUND
    selection_round, new_round = SelectionRound.objects.get_or_create(
        date=datetime.date.fromisoformat(round_data["date"]),
        name_fi=round_data["name_fi"],
        defaults={"name_sv": round_data["name_sv"], "name_en": round_data["name_en"]},
    )
    created = int(new_round)
    criteria = {criterion.slug: criterion for criterion in Criterion.objects.all()}
    published_at = timezone.make_aware(datetime.datetime(2016, 2, 15, 12, 0))
    for data in demo_data.PRACTICES:
        if Practice.objects.filter(slug=data["slug"]).exists():
            continue
        texts = {}
        for field in (
            "title",
            "organisation",
            "summary",
            "goal",
            "how_it_works",
            "results",
            "resources",
            "adoption",
            "contact",
        ):
            texts.update(localized(field, data[field]))
        practice = Practice.objects.create(
            slug=data["slug"],
            contact_email=demo_owner_address(data["slug"]),
            selection_round=selection_round,
            **{f"suits_{size}": True for size in data["sizes"]},
            **texts,
        )
        practice.municipalities.set(Municipality.objects.filter(slug__in=data["municipalities"]))
        practice.themes.set(Theme.objects.filter(slug__in=data["themes"]))
        practice.target_groups.set(TargetGroup.objects.filter(slug__in=data["target_groups"]))
        practice.phases.set(IntegrationPhase.objects.filter(slug__in=data["phases"]))
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(
                practice=practice,
                criterion=criteria[slug],
                rating=rating,
                **localized("how_met", how_met),
            )
            for slug, (rating, how_met) in data["assessments"].items()
        )
        practice_publish(practice=practice, by=demo_publisher(), at=published_at)
        created += 1
    return created


def demo_owner_address(slug: str) -> str:
    """A demo practice's owner: an address in a domain kept for examples (RFC 2606), so
    that the demo shows the contact form and no message reaches a real organisation."""
    return f"owner.{slug[:50]}@example.org"


# The demo's adoption reports have fixed form ids, so loading twice adds none.
ADOPTION_NAMESPACE = uuid.UUID("6f1f4c1e-4a8e-4f0e-9a57-1c0de5a1d0b7")


def load_adoptions() -> int:
    """A few approved adoption reports of the seed practices, in the three languages."""
    created = 0
    approved_at = timezone.make_aware(datetime.datetime(2022, 1, 10, 12, 0))
    for data in demo_data.ADOPTIONS:
        token = uuid.uuid5(ADOPTION_NAMESPACE, f"{data['practice']}:{data['municipality']}")
        practice = Practice.objects.filter(slug=data["practice"]).first()
        if practice is None or Adoption.objects.filter(form_token=token).exists():
            continue
        fields = {k: v for k, v in data.items() if k not in ("practice", "municipality")}
        Adoption.objects.create(
            practice=practice,
            municipality=Municipality.objects.get(slug=data["municipality"]),
            form_token=token,
            consent=False,
            approved_at=approved_at,
            **fields,
        )
        created += 1
    return created


def demo_publisher():
    """The account the demo content is published by: it may change practices (and,
    once the calls' demo adds it to the editors, decide on submissions), but nobody can
    log in as it."""
    user, created = get_user_model().objects.get_or_create(
        username="editor-demo",
        defaults={"first_name": "Demo", "last_name": "Publisher", "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="practices", codename="change_practice")
        )
    return user


# Synthetic practices ------------------------------------------------------------

ACTIVITIES = [
    (
        "Työelämämentorointi",
        "Arbetslivsmentorskap",
        "Work-life mentoring",
        ["work-and-skills", "mentoring-and-peer-support"],
    ),
    ("Kielikahvila", "Språkcafé", "Language café", ["language", "participation-and-leisure"]),
    (
        "Vanhempainryhmä",
        "Föräldragrupp",
        "Parents' group",
        ["families-and-parenting", "mentoring-and-peer-support"],
    ),
    (
        "Terveysneuvonta omalla kielellä",
        "Hälsorådgivning på eget språk",
        "Health advice in one's own language",
        ["health-and-wellbeing"],
    ),
    (
        "Ammatillinen kielikoulutus",
        "Yrkesinriktad språkutbildning",
        "Vocational language training",
        ["language", "education", "work-and-skills"],
    ),
    (
        "Asumisen ohjaus",
        "Boendehandledning",
        "Housing guidance",
        ["reception-and-municipality", "services-and-cooperation"],
    ),
    (
        "Liikuntaryhmä",
        "Motionsgrupp",
        "Sports group",
        ["participation-and-leisure", "health-and-wellbeing"],
    ),
    (
        "Osaamisen tunnistaminen",
        "Kompetenskartläggning",
        "Skills recognition",
        ["work-and-skills", "education"],
    ),
    ("Palveluohjaus", "Servicehandledning", "Service guidance", ["services-and-cooperation"]),
    (
        "Ystävätoiminta",
        "Vänverksamhet",
        "Befriending scheme",
        ["mentoring-and-peer-support", "attitudes-and-communities"],
    ),
    (
        "Digitaitojen opastus",
        "Handledning i digitala färdigheter",
        "Digital skills coaching",
        ["education", "services-and-cooperation"],
    ),
    (
        "Koulupolun tuki",
        "Stöd längs skolvägen",
        "Support along the school path",
        ["education", "families-and-parenting"],
    ),
    (
        "Työnantajayhteistyö",
        "Arbetsgivarsamarbete",
        "Cooperation with employers",
        ["work-and-skills", "attitudes-and-communities"],
    ),
    (
        "Naisten verkosto",
        "Kvinnonätverk",
        "Women's network",
        ["participation-and-leisure", "mentoring-and-peer-support"],
    ),
    (
        "Yhdistysten kotoutumisfoorumi",
        "Föreningarnas integrationsforum",
        "Integration forum for associations",
        ["participation-and-leisure", "attitudes-and-communities"],
    ),
    (
        "Ensimmäiset viikot kunnassa",
        "De första veckorna i kommunen",
        "The first weeks in the municipality",
        ["reception-and-municipality", "services-and-cooperation"],
    ),
]

AUDIENCES = [
    ("nuorille", "för unga", "for young people", "young-people"),
    ("naisille", "för kvinnor", "for women", "women"),
    ("lapsiperheille", "för barnfamiljer", "for families with children", "families"),
    (
        "työikäisille",
        "för personer i arbetsför ålder",
        "for working-age adults",
        "working-age-adults",
    ),
    ("ikääntyneille", "för äldre", "for older people", "older-people"),
    ("turvapaikanhakijoille", "för asylsökande", "for asylum seekers", "asylum-seekers"),
    ("pakolaisille", "för flyktingar", "for refugees", "refugees"),
    ("ammattilaisille", "för yrkesverksamma", "for professionals", "professionals"),
]

PHASE_SLUGS = [slug for slug, *_ in demo_data.PHASES]

SUMMARIES = [
    (
        "{activity} {audience}. Tavoitteena on tukea kotoutumista arjessa ja vahvistaa osallisuutta. Toiminta järjestetään yhdessä kunnan palvelujen ja paikallisten yhdistysten kanssa.",
        "{activity} {audience}. Målet är att stödja integrationen i vardagen och stärka delaktigheten. Verksamheten ordnas tillsammans med kommunens tjänster och lokala föreningar.",
        "{activity} {audience}. It aims to support integration in everyday life and to strengthen inclusion. It is organised together with municipal services and local associations.",
    ),
    (
        "{activity} {audience}. Käytäntö kokoaa osallistujat säännöllisesti yhteen, ja ohjaajat tuntevat sekä paikalliset palvelut että osallistujien kielet.",
        "{activity} {audience}. Praxisen samlar deltagarna regelbundet, och handledarna känner både de lokala tjänsterna och deltagarnas språk.",
        "{activity} {audience}. The practice brings participants together regularly, and its leaders know both local services and the participants' languages.",
    ),
    (
        "{activity} {audience}. Mallissa kotoutumista edistävät hankkeet, kunta ja työnantajat sopivat yhteisistä tavoitteista ja seuraavat tuloksia.",
        "{activity} {audience}. I modellen kommer integrationsfrämjande projekt, kommunen och arbetsgivare överens om gemensamma mål och följer upp resultaten.",
        "{activity} {audience}. In the model, integration projects, the municipality and employers agree on shared goals and follow up the results.",
    ),
]

PARTS = {
    "goal": (
        "Tavoitteena on, että uudet kuntalaiset löytävät tarvitsemansa palvelut ja pääsevät mukaan yhteisöön.",
        "Målet är att nya kommuninvånare hittar de tjänster de behöver och kommer med i gemenskapen.",
        "The aim is that new residents find the services they need and become part of the community.",
    ),
    "how_it_works": (
        "1. Osallistujat kutsutaan mukaan palveluohjauksen kautta.\n\n2. Ryhmä kokoontuu viikoittain.\n\n3. Lopuksi kerätään palaute ja sovitaan jatkosta.",
        "1. Deltagarna bjuds in via servicehandledningen.\n\n2. Gruppen träffas varje vecka.\n\n3. Till sist samlas respons in och man kommer överens om fortsättningen.",
        "1. Participants are invited through service guidance.\n\n2. The group meets weekly.\n\n3. At the end, feedback is collected and next steps agreed.",
    ),
    "results": (
        "Osallistujien palautteen mukaan toiminta helpotti arkea ja toi uusia tuttavuuksia.",
        "Enligt deltagarnas respons underlättade verksamheten vardagen och gav nya bekantskaper.",
        "According to participants' feedback, the activity made everyday life easier and brought new acquaintances.",
    ),
    "resources": (
        "Ohjaajan työaika ja kokoontumistila.",
        "Handledarens arbetstid och en möteslokal.",
        "The leader's working time and a meeting room.",
    ),
    "adoption": (
        "Sitoutunut ohjaaja ja yhteistyö kunnan palvelujen kanssa.",
        "En engagerad handledare och samarbete med kommunens tjänster.",
        "A committed leader and cooperation with municipal services.",
    ),
}

ASSESSMENT_TEXTS = (
    "Täyttää kriteerin hakijan kuvauksen ja raadin arvion mukaan.",
    "Uppfyller kriteriet enligt sökandens beskrivning och juryns bedömning.",
    "Meets the criterion according to the applicant's description and the jury's assessment.",
)

# Which languages a synthetic practice is written in, and how often.
LANGUAGE_PROFILES = [
    (("fi", "sv", "en"), 55),
    (("fi", "sv"), 20),
    (("fi",), 15),
    (("sv",), 5),
    (("fi", "en"), 5),
]


@dataclass
class _Vocabulary:
    themes: dict[str, int]
    groups: dict[str, int]
    phases: dict[str, int]
    municipalities: list[Municipality]
    criteria: list[Criterion]
    rounds: list[SelectionRound]


def _synthetic_rounds() -> list[SelectionRound]:
    rounds = []
    for year in range(2017, 2026):
        selection_round, _ = SelectionRound.objects.get_or_create(
            date=datetime.date(year, 3, 1),
            name_fi=f"Hyvien käytäntöjen kooste {year}",
            defaults={
                "name_sv": f"Sammanställning av god praxis {year}",
                "name_en": f"Compilation of good practices {year}",
            },
        )
        rounds.append(selection_round)
    return rounds


def _texts(field: str, values, langs) -> dict[str, str]:
    return {
        f"{field}_{lang}": value for lang, value in zip(LANGS, values, strict=True) if lang in langs
    }


def synthetic_practice(number: int, vocabulary: _Vocabulary) -> tuple[Practice, dict]:
    rng = random.Random(number)
    activity = rng.choice(ACTIVITIES)
    audience = rng.choice(AUDIENCES)
    municipality = rng.choice(vocabulary.municipalities)
    langs = rng.choices(
        [p for p, _ in LANGUAGE_PROFILES], weights=[w for _, w in LANGUAGE_PROFILES]
    )[0]
    place = (
        municipality.name_fi,
        municipality.name_sv or municipality.name_fi,
        municipality.name_fi,
    )
    titles = tuple(f"{activity[i]} {audience[i]} – {place[i]}" for i in range(3))
    summary = tuple(
        template.format(activity=activity[i], audience=audience[i])
        for i, template in enumerate(rng.choice(SUMMARIES))
    )
    organisations = (
        f"{place[0]}: kotoutumispalvelut",
        f"{place[1]}: integrationstjänster",
        f"{place[2]}: integration services",
    )
    texts = {
        **_texts("title", titles, langs),
        **_texts("summary", summary, langs),
        **_texts("organisation", organisations, langs),
    }
    for field, values in PARTS.items():
        if rng.random() < 0.85:
            texts.update(_texts(field, values, langs))
    sizes = {municipality.size_class} | {rng.choice(["small", "medium", "large"])}
    status = rng.choices(
        [Practice.Status.PUBLISHED, Practice.Status.DRAFT, Practice.Status.ARCHIVED],
        weights=[92, 5, 3],
    )[0]
    published_at = None
    if status != Practice.Status.DRAFT:
        published_at = timezone.make_aware(
            datetime.datetime(2017, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3200))
        )
    slug = f"{SYNTHETIC_PREFIX}{number:05d}-{slugify(titles[0])[:60]}".rstrip("-")
    practice = Practice(
        slug=slug,
        contact_email=demo_owner_address(slug),
        status=status,
        published_at=published_at,
        selection_round=rng.choice(vocabulary.rounds) if rng.random() < 0.7 else None,
        **{f"suits_{size}": True for size in sizes},
        **texts,
    )
    relations = {
        "themes": [vocabulary.themes[slug] for slug in activity[3]],
        "target_groups": [vocabulary.groups[audience[3]]],
        "phases": [vocabulary.phases[slug] for slug in rng.sample(PHASE_SLUGS, rng.randint(1, 2))],
        "municipalities": [municipality.pk],
        "ratings": [rng.choice([1, 2, 2, 3, 3]) for _ in vocabulary.criteria],
        "langs": langs,
    }
    return practice, relations


def load_synthetic_practices(wanted: int, batch_size: int = 1000) -> int:
    vocabulary = _Vocabulary(
        themes=dict(Theme.objects.values_list("slug", "pk")),
        groups=dict(TargetGroup.objects.values_list("slug", "pk")),
        phases=dict(IntegrationPhase.objects.values_list("slug", "pk")),
        municipalities=list(Municipality.objects.order_by("pk")),
        criteria=list(Criterion.objects.order_by("position")),
        rounds=_synthetic_rounds(),
    )
    existing = set(
        Practice.objects.filter(slug__startswith=SYNTHETIC_PREFIX).values_list("slug", flat=True)
    )
    added = 0
    for start in range(1, wanted + 1, batch_size):
        batch = []
        for number in range(start, min(start + batch_size, wanted + 1)):
            practice, relations = synthetic_practice(number, vocabulary)
            if practice.slug not in existing:
                batch.append((practice, relations))
        if batch:
            _bulk_insert(batch, vocabulary)
            added += len(batch)
    return added


def _bulk_insert(batch: list[tuple[Practice, dict]], vocabulary: _Vocabulary) -> None:
    transaction.on_commit(content_changed, robust=True)  # bulk inserts send no signals
    # SQLite and PostgreSQL both return the new ids from a bulk insert.
    Practice.objects.bulk_create([practice for practice, _ in batch])
    for relation, key in (
        ("themes", "theme_id"),
        ("target_groups", "targetgroup_id"),
        ("phases", "integrationphase_id"),
        ("municipalities", "municipality_id"),
    ):
        through = getattr(Practice, relation).through
        through.objects.bulk_create(
            through(practice_id=practice.pk, **{key: term})
            for practice, relations in batch
            for term in relations[relation]
        )
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(
            practice_id=practice.pk,
            criterion=criterion,
            rating=rating,
            **_texts("how_met", ASSESSMENT_TEXTS, relations["langs"]),
        )
        for practice, relations in batch
        for criterion, rating in zip(vocabulary.criteria, relations["ratings"], strict=True)
    )
    # Bulk inserts send no signals: the search index of the batch, written here.
    index_objects(Practice, [practice.pk for practice, _ in batch])
