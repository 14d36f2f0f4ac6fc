"""Demo content for the archive: the sample file of projects, and synthetic ones for scale.

`load_demo` imports projects/sample_data/projects.csv through the same
importer editors use; `--projects N` adds N synthetic projects (numbered, so
asking again creates none).
"""

import datetime
import random
from collections.abc import Callable
from pathlib import Path

from practices.models import Municipality, TargetGroup, Theme

from .importer import import_projects, import_records

SAMPLE = Path(__file__).resolve().parent / "sample_data" / "projects.csv"

SUBJECTS = [
    ("Kotoutumisen tuki", "Integrationsstöd", "Integration support"),
    ("Työllistymisen polku", "Vägen till arbete", "Path to employment"),
    ("Kielen oppimisen verkosto", "Nätverk för språkinlärning", "Language learning network"),
    ("Perheiden hyvinvointi", "Familjernas välbefinnande", "Wellbeing of families"),
    ("Nuorten osallisuus", "Ungas delaktighet", "Participation of young people"),
    ("Vertaisryhmätoiminta", "Kamratgruppsverksamhet", "Peer group activity"),
    (
        "Palveluohjauksen kehittäminen",
        "Utveckling av servicehandledning",
        "Developing service guidance",
    ),
    (
        "Monikulttuurinen yhteisötyö",
        "Mångkulturellt gemenskapsarbete",
        "Multicultural community work",
    ),
    ("Osaamisen tunnistaminen", "Kompetenskartläggning", "Recognising skills"),
    ("Terveyden edistäminen", "Hälsofrämjande", "Promoting health"),
]
AUDIENCES = [
    ("maahanmuuttajille", "för invandrare", "for immigrants"),
    ("pakolaisille", "för flyktingar", "for refugees"),
    ("nuorille", "för unga", "for young people"),
    ("naisille", "för kvinnor", "for women"),
    ("perheille", "för familjer", "for families"),
]
COORDINATORS = ["kaupunki", "kunta", "ammattikorkeakoulu", "kansanopisto", "järjestö ry"]
SUMMARY_ENDINGS = [
    "Kotoutumista edistävät hankkeet kokosivat kunnan, järjestöt ja oppilaitokset yhteen.",
    "Toiminta tuki kotoutumista arjessa ja vahvisti osallisuutta.",
    "Hankkeessa koulutettiin työntekijöitä ja kehitettiin yhteistyötä viranomaisten kanssa.",
    "Osallistujat saivat ohjausta työnhakuun, opiskeluun ja palveluihin.",
    "Vapaaehtoiset ja ammattilaiset järjestivät ryhmiä ja tapahtumia.",
    "Tulokset koottiin käsikirjaksi, jota muut kunnat voivat käyttää.",
]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--projects",
        type=int,
        default=0,
        metavar="N",
        help="Also create N synthetic archive projects for scale tests.",
    )


def load(*, options: dict, log: Callable[[str], None]) -> None:
    report = import_projects(SAMPLE)
    log(f"Archive: sample file imported ({report.created} new, {report.unchanged} unchanged).")
    wanted = options.get("projects") or 0
    if wanted:
        report = import_records(synthetic_records(wanted))
        log(f"Archive: {report.created} synthetic projects added ({wanted} wanted in all).")


def synthetic_records(count: int):
    municipalities = list(Municipality.objects.order_by("pk").values_list("name_fi", flat=True))
    themes = list(Theme.objects.order_by("pk").values_list("slug", flat=True))
    groups = list(TargetGroup.objects.order_by("pk").values_list("slug", flat=True))
    for number in range(1, count + 1):
        rng = random.Random(f"project-{number}")
        subject = rng.choice(SUBJECTS)
        audience = rng.choice(AUDIENCES)
        place = rng.choice(municipalities)
        level = rng.choices(["local", "regional", "national"], weights=[6, 2, 2])[0]
        start = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5300))
        end = start + datetime.timedelta(days=rng.randrange(180, 1500))
        translated = rng.random() < 0.25  # most archive records exist in Finnish only
        record = {
            "source_id": f"SYN-{number:06d}",
            "name_fi": f"{subject[0]} {audience[0]} – {place}",
            "name_sv": f"{subject[1]} {audience[1]} – {place}" if translated else "",
            "name_en": f"{subject[2]} {audience[2]} – {place}"
            if translated and rng.random() < 0.5
            else "",
            "summary_fi": f"Hanke kehitti toimintaa {audience[0]} paikkakunnalla {place}. "
            + rng.choice(SUMMARY_ENDINGS),
            "coordinator_fi": f"{place} {rng.choice(COORDINATORS)}",
            "level": level,
            "municipalities": place if level == "local" else "",
            "themes": ";".join(rng.sample(themes, rng.randint(1, 3))),
            "target_groups": ";".join(rng.sample(groups, rng.randint(1, 2))),
            "funding": ";".join(
                rng.sample(["amif", "esf", "national", "municipal", "other"], rng.randint(1, 2))
            ),
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if rng.random() < 0.9 else "",
            "budget_eur": str(rng.randrange(20, 1500) * 1000) if rng.random() < 0.8 else "",
        }
        yield number, record
