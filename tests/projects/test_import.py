"""An editor imports the archive from a file; nothing is half-imported, nothing twice."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from projects.models import Project, ProjectFunding
from tests.factories import MunicipalityFactory, RegionFactory, TargetGroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "projects" / "sample_data" / "projects.csv"
HEADER = (
    "source_id,name_fi,name_sv,level,municipalities,themes,target_groups,funding,"
    "start_date,end_date,budget_eur,website,links\n"
)


@pytest.fixture
def vocabulary():
    region = RegionFactory(slug="pohjois-pohjanmaa", name_fi="Pohjois-Pohjanmaa")
    MunicipalityFactory(slug="oulu", name_fi="Oulu", name_sv="Uleåborg", region=region)
    ThemeFactory(slug="education", name_fi="Koulutus")
    ThemeFactory(slug="language", name_fi="Kieli")
    TargetGroupFactory(slug="young-people")


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_projects", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="projects.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


GOOD = (
    HEADER
    + "P1,Nuorten kielipolku,Ungas språkstig,local,Oulu,education;language,young-people,"
    + "amif;esf,2015-01-01,2016-12-31,120000,https://example.org/p1,"
    + '"Raportti | https://example.org/p1/raportti"\n'
    + "P2,Valtakunnallinen verkosto,,national,,education,,national,1.2.2012,,,,\n"
)


def test_a_good_file_is_imported_with_its_relations(tmp_path, vocabulary):
    output = run(write(tmp_path, GOOD))
    assert "2 new, 0 updated, 0 unchanged, 0 rejected" in output
    p1 = Project.objects.get(source_id="P1")
    assert p1.name_fi == "Nuorten kielipolku" and p1.name_sv == "Ungas språkstig"
    assert list(p1.municipalities.values_list("slug", flat=True)) == ["oulu"]
    assert list(p1.regions.values_list("slug", flat=True)) == ["pohjois-pohjanmaa"]  # from Oulu
    assert set(p1.themes.values_list("slug", flat=True)) == {"education", "language"}
    assert set(p1.funding.values_list("source", flat=True)) == {"amif", "esf"}
    assert p1.links.get().url == "https://example.org/p1/raportti"
    assert p1.budget == 120000
    assert Project.objects.get(source_id="P2").start_date.isoformat() == "2012-02-01"
    assert p1.text_languages == ["fi", "sv"]


def test_the_sample_file_imports_without_rejections():
    from django.core.management import call_command as call

    call("load_demo", stdout=StringIO())
    assert Project.objects.filter(source_id__startswith="THL-").count() >= 20
    assert "0 rejected" in run(SAMPLE)


def test_importing_twice_changes_nothing(tmp_path, vocabulary):
    path = write(tmp_path, GOOD)
    run(path)
    before = list(Project.objects.order_by("pk").values())
    output = run(path)
    assert "0 new, 0 updated, 2 unchanged" in output
    assert list(Project.objects.order_by("pk").values()) == before


def test_a_changed_row_is_updated_in_place(tmp_path, vocabulary):
    run(write(tmp_path, GOOD))
    project = Project.objects.get(source_id="P2")
    output = run(
        write(
            tmp_path,
            GOOD.replace("Valtakunnallinen verkosto", "Uusi nimi").replace(
                ",national,1.2", ",national;esf,1.2"
            ),
        )
    )
    assert "0 new, 1 updated, 1 unchanged" in output
    project.refresh_from_db()
    assert project.name_fi == "Uusi nimi"
    assert project.slug.startswith("valtakunnallinen-verkosto")  # addresses stay stable
    assert set(project.funding.values_list("source", flat=True)) == {"national", "esf"}


def test_dry_run_reports_but_writes_nothing(tmp_path, vocabulary):
    output = run(write(tmp_path, GOOD), "--dry-run")
    assert "Would import: 2 new" in output
    assert not Project.objects.exists()


BAD_ROWS = [
    ("P3,Nimi,,local,,,,,2015-02-31,,,,", "start_date", "is not a date"),
    ("P3,Nimi,,local,,,,,2015-01-01,2014-01-01,,,", "end_date", "ends before it starts"),
    ("P3,Nimi,,cosmic,,,,,,,,,", "level", "is not a level"),
    (",Nimi,,local,,,,,,,,,", "source_id", "missing"),
    ("P3,,,local,,,,,,,,,", "name_fi", "needs a name"),
    ("P3,Nimi,,local,Atlantis,,,,,,,,", "municipalities", "unknown: “Atlantis”"),
    ("P3,Nimi,,local,,kotoutuminen,,,,,,,", "themes", "unknown: “kotoutuminen”"),
    ("P3,Nimi,,local,,,nobody,,,,,,", "target_groups", "unknown: “nobody”"),
    ("P3,Nimi,,local,,,,lottery,,,,,", "funding", "unknown: “lottery”"),
    ("P3,Nimi,,local,,,,,,,-5,,", "budget_eur", "is not a plausible budget"),
    ("P3,Nimi,,local,,,,,,,lots,,", "budget_eur", "is not an amount of euros"),
    ("P3,Nimi,,local,,,,,,,,www example,", "website", "is not a web address"),
    ('P3,Nimi,,local,,,,,,,,,"Raportti | javascript:alert(1)"', "links", "is not a web address"),
    ("P1,Kaksoiskappale,,local,,,,,,,,,", "source_id", "is also on line 2"),
    ("P3," + "x" * 301 + ",,local,,,,,,,,,", "name_fi", "longer than 300 characters"),
]


@pytest.mark.parametrize(("row", "field", "reason"), BAD_ROWS)
def test_every_kind_of_bad_row_is_reported_and_the_good_rows_imported(
    tmp_path, vocabulary, row, field, reason
):
    output = run(write(tmp_path, GOOD + row + "\n"))
    line = [line for line in output.splitlines() if line.startswith("4\t")]
    assert line, output
    assert line[0].split("\t")[1] == field
    assert reason in line[0]
    assert "2 new" in output and "1 rejected" in output
    assert not Project.objects.filter(source_id="P3").exists()


def test_a_row_with_several_problems_reports_each(tmp_path, vocabulary):
    output = run(write(tmp_path, HEADER + "P9,Nimi,,cosmic,,,,,never,,,,\n"))
    assert "2\tlevel\t" in output and "2\tstart_date\t" in output
    assert "1 rejected" in output


def test_utf8_with_a_byte_order_mark_is_read(tmp_path, vocabulary):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff".encode() + GOOD.encode())
    assert "2 new" in run(path)
    assert Project.objects.filter(source_id="P1").exists()


def test_latin1_file_is_refused_with_a_clear_message(tmp_path, vocabulary):
    path = write(tmp_path, GOOD.replace("Nuorten", "Nuorten ä"), encoding="latin-1")
    with pytest.raises(CommandError, match=r"not UTF-8 text: byte 0xe4 on line 2"):
        run(path)
    assert not Project.objects.exists()


def test_missing_column_is_refused_with_a_clear_message(tmp_path, vocabulary):
    path = write(tmp_path, "source_id,name_fi\nP1,Nimi\n")
    with pytest.raises(CommandError, match="lacks the column\\(s\\) level"):
        run(path)


def test_unknown_columns_are_named_and_ignored(tmp_path, vocabulary):
    output = run(write(tmp_path, GOOD.replace("links\n", "links,colour\n", 1)))
    assert "Ignored unknown columns: colour" in output


def test_json_file_with_lists(tmp_path, vocabulary):
    data = [
        {
            "source_id": "J1",
            "name_fi": "Json-hanke",
            "level": "local",
            "themes": ["education"],
            "funding": ["eusa"],
            "links": [{"title": "Sivu", "url": "https://example.org/j1"}],
        },
        {
            "source_id": "J2",
            "name_fi": "Virheellinen",
            "level": "local",
            "start_date": "2019-13-01",
        },
    ]
    output = run(write(tmp_path, json.dumps(data), name="projects.json"))
    assert "1 new" in output and "2\tstart_date" in output
    j1 = Project.objects.get(source_id="J1")
    assert j1.funding.get().source == "amif"


def test_broken_json_is_refused(tmp_path, vocabulary):
    with pytest.raises(CommandError, match="not valid JSON"):
        run(write(tmp_path, "[{", name="projects.json"))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No file at"):
        run(tmp_path / "nothing.csv")


def test_large_file_is_imported_in_bulk(tmp_path, vocabulary, django_assert_max_num_queries):
    rows = "".join(
        f"B{n},Hanke {n},,local,Oulu,education,,esf,2015-01-01,,,,\n" for n in range(2500)
    )
    path = write(tmp_path, HEADER + rows)
    # Row by row this would be well over 10,000 queries; in bulk it is a few per batch
    # (SQLite splits a bulk insert into statements of at most 999 parameters).
    with django_assert_max_num_queries(250):
        output = run(path)
    assert "2500 new" in output
    assert ProjectFunding.objects.count() == 2500
