"""An editor imports the archive from a file; nothing is half-imported, nothing twice."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.utils import timezone

from projects import importer
from projects.models import Project, ProjectFunding
from tests.factories import (
    MunicipalityFactory,
    ProjectFactory,
    RegionFactory,
    TargetGroupFactory,
    ThemeFactory,
)

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
    call_command("load_demo", stdout=StringIO())
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
    ("P3,Nimi,,local,,,,,,,NaN,,", "budget_eur", "is not an amount of euros"),
    ("P3,Nimi,,local,,,,,,,sNaN,,", "budget_eur", "is not an amount of euros"),
    ("P3,Nimi,,local,,,,,,,Infinity,,", "budget_eur", "is not an amount of euros"),
    ('P3,Nimi,,local,,,,,,,"480,000",,', "budget_eur", "without thousands separators"),
    ("P3,Nimi,,local,,,,,,,480.000,,", "budget_eur", "without thousands separators"),
    ("P3,Nimi,,local,,,,,1850-01-01,,,,", "start_date", "outside the years 1900–2100"),
    ("P3,Nimi,,local,,,,,0001-01-01,,,,", "start_date", "outside the years 1900–2100"),
    ("P3,Nimi,,local,,,,,2015-01-01,1.1.2150,,,", "end_date", "outside the years 1900–2100"),
    (
        "P3,Nimi,,local,,,,,,,,,Raportti | https://example.org/" + "r" * 500,
        "links",
        "longer than 500 characters",
    ),
    (
        "P3,Nimi,,local,,,,,,,,," + "t" * 301 + " | https://example.org/r",
        "links",
        "longer than 300",
    ),
    ("P3,Nimi,,local,,,,,,,,,Raportti\x00 | https://example.org/r", "links", "NUL character"),
    ("P3\x00,Nimi,,local,,,,,,,,,", "source_id", "NUL character"),
    ("P3,Nimi,,local,,,,,,,,https://example.org/\x00,", "website", "NUL character"),
    ("P3,Nimi,,local,,,,,,,,,,Oulu,extra", "row", "2 cell(s) more than the first line"),
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


def crash_on_line(monkeypatch, crash_line):
    check_row = importer.check_row

    def check_or_crash(line, record, vocabulary):
        if line == crash_line:
            raise RuntimeError("the machine stopped")
        return check_row(line, record, vocabulary)

    monkeypatch.setattr(importer, "check_row", check_or_crash)


def test_a_crash_while_checking_leaves_nothing_written(tmp_path, vocabulary, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_SIZE", 1)
    crash_on_line(monkeypatch, 3)
    with pytest.raises(RuntimeError):
        run(write(tmp_path, GOOD))
    assert not Project.objects.exists()  # not even P1, checked before the crash


def test_a_database_error_while_writing_leaves_nothing_written(tmp_path, vocabulary, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_SIZE", 1)
    bulk_create = Project.objects.bulk_create
    calls = []

    def fail_the_second_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("the disk is full")
        return bulk_create(*args, **kwargs)

    monkeypatch.setattr(Project.objects, "bulk_create", fail_the_second_time)
    with pytest.raises(DatabaseError):
        run(write(tmp_path, GOOD))
    assert not Project.objects.exists()


SAME_SLUG = (
    HEADER
    + "K 1,Hanke,,local,,,,,,,,,\n"
    + "K-1,Hanke,,local,,,,,,,,,\n"
    + "k-1,Hanke,,local,,,,,,,,,\n"
    + "A" * 40
    + "-1,Hanke,,local,,,,,,,,,\n"
    + "A" * 40
    + "-2,Hanke,,local,,,,,,,,,\n"
)


def test_source_ids_that_slugify_alike_get_distinct_slugs(tmp_path, vocabulary):
    # Added by hand in the admin, with the slug the first row would get.
    ProjectFactory(source_id="OLD", name_fi="Vanha", slug="hanke-k-1")
    path = write(tmp_path, SAME_SLUG)
    assert "Would import: 5 new, 0 updated, 0 unchanged, 0 rejected" in run(path, "--dry-run")
    assert "Imported: 5 new, 0 updated, 0 unchanged, 0 rejected" in run(path)
    slugs = dict(Project.objects.values_list("source_id", "slug"))
    assert len(set(slugs.values())) == 6
    assert slugs["OLD"] == "hanke-k-1"
    assert all(slug.startswith("hanke-") for slug in slugs.values())


def test_slugs_stay_when_the_same_file_is_imported_again(tmp_path, vocabulary):
    path = write(tmp_path, SAME_SLUG)
    run(path)
    before = dict(Project.objects.values_list("source_id", "slug"))
    assert "0 new, 0 updated, 5 unchanged" in run(path)
    run(write(tmp_path, SAME_SLUG.replace("Hanke", "Uusi nimi")))
    assert dict(Project.objects.values_list("source_id", "slug")) == before


def test_a_project_without_letters_in_name_or_id_still_gets_an_address(
    tmp_path, vocabulary, client
):
    output = run(write(tmp_path, HEADER + "???,§§§,,local,,,,,,,,,\n"))
    assert "1 new" in output
    project = Project.objects.get()
    assert project.slug.startswith("project-") and len(project.slug) > len("project-")
    assert client.get("/en/projects/").status_code == 200
    assert client.get(project.get_absolute_url()).status_code == 200


def test_a_json_nan_budget_is_a_row_problem(tmp_path, vocabulary):
    path = write(
        tmp_path,
        '[{"source_id": "J1", "name_fi": "Hanke", "level": "local", "budget_eur": NaN}]',
        name="projects.json",
    )
    output = run(path)
    assert "1\tbudget_eur\t“nan” is not an amount of euros" in output
    assert not Project.objects.exists()


def test_json_values_that_are_not_text_are_row_problems(tmp_path, vocabulary):
    data = [
        {"source_id": ["J1"], "name_fi": "Hanke", "level": "local"},
        {"source_id": "J2", "name_fi": {"x": 1}, "level": "local"},
        {"source_id": "J3", "name_fi": "Hanke", "level": "local", "website": True},
        {"source_id": "J4", "name_fi": "Hanke", "level": "local", "themes": ["education", 7]},
        {"source_id": "J5", "name_fi": "Hanke", "level": "local", "links": {"url": "x"}},
        {"source_id": 6, "name_fi": "Hanke", "level": "local", "budget_eur": 1500.5},
    ]
    output = run(write(tmp_path, json.dumps(data), name="projects.json"))
    assert "1\tsource_id\tmust be text, not a list" in output
    assert "2\tname_fi\tmust be text, not an object" in output
    assert "3\twebsite\tmust be text, not true/false" in output
    assert "4\tthemes\tmust be text separated by “;” or a list of text" in output
    assert "5\tlinks\tmust be text or a list of links, not an object" in output
    assert "1 new, 0 updated, 0 unchanged, 5 rejected" in output
    assert Project.objects.get().budget == Decimal("1500.50")


def test_a_cell_over_the_csv_modules_default_limit_is_a_row_problem(tmp_path, vocabulary):
    header = "source_id,name_fi,level,description_fi\n"
    path = write(tmp_path, header + "P1,Hanke,local,ok\nP2,Hanke,local," + "x" * 200_000 + "\n")
    output = run(path)
    assert "3\tdescription_fi\tlonger than 30000 characters" in output
    assert "1 new, 0 updated, 0 unchanged, 1 rejected" in output


def test_an_enormous_cell_is_refused_with_its_line(tmp_path, vocabulary):
    header = "source_id,name_fi,level,description_fi\n"
    path = write(tmp_path, header + "P1,Hanke,local,ok\nP2,Hanke,local," + "x" * 1_000_001 + "\n")
    with pytest.raises(CommandError, match="A cell on line 3 is longer than 1,000,000 characters"):
        run(path)
    assert not Project.objects.exists()


def test_an_update_refreshes_updated_at_and_the_untranslated_columns(tmp_path, vocabulary):
    run(write(tmp_path, GOOD))
    Project.objects.update(updated_at=timezone.now() - datetime.timedelta(days=30))
    run(write(tmp_path, GOOD.replace("Valtakunnallinen verkosto", "Uusi nimi")))
    p1, p2 = Project.objects.order_by("source_id")
    assert timezone.now() - p2.updated_at < datetime.timedelta(minutes=1)
    assert timezone.now() - p1.updated_at > datetime.timedelta(days=29)  # unchanged, untouched
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM projects_project WHERE source_id = %s", ["P2"])
        assert cursor.fetchone()[0] == "Uusi nimi"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (HEADER.replace("level,", ",", 1), "Column 4 of the first line has no name"),
        (HEADER.replace("\n", ",\n"), "Column 14 of the first line has no name"),
        (
            HEADER.replace("name_sv", "name_fi"),
            "The column “name_fi” is named twice in the first line \\(columns 2 and 3\\)",
        ),
    ],
)
def test_a_header_with_an_empty_or_repeated_column_is_refused(
    tmp_path, vocabulary, header, message
):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, header + GOOD.split("\n", 1)[1]))
    assert not Project.objects.exists()


def test_utf16_without_a_byte_order_mark_is_refused_as_not_utf8(tmp_path, vocabulary):
    with pytest.raises(CommandError, match="not UTF-8 text: line 1 holds NUL bytes"):
        run(write(tmp_path, GOOD, encoding="utf-16-le"))


SHORT_HEADER = "source_id,name_fi,level,description_fi\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            SHORT_HEADER
            + 'P1,Hanke,local,ok\nP2,"Hanke,local,x\nP3,Hanke,local,x\nP4,Hanke,local,x\n',
            "A quoted cell that starts on line 3 is never closed",
        ),
        (
            SHORT_HEADER + 'P1,Hanke,local,"ok\nP2,Hanke,local,x\nP3,"Hanke",local,x\n',
            "A quoted cell that starts on line 2 ends with a quote on line 4 that has text",
        ),
        (
            SHORT_HEADER + 'P1,Hanke,local,ok\nP2,"Uusi" nimi,local,x\nP3,Hanke,local,x\n',
            "On line 3 a quoted cell has text after its closing quote",
        ),
        (
            SHORT_HEADER + 'P1,Hanke,local,"ok\n' + "P2,Hanke,local,x\n" * 70_000,
            "A quoted cell that starts on line 2 runs on for more than 1,000,000 characters",
        ),
        (
            'source_id,"name_fi,level\nP1,Hanke,local\n',
            "A quoted cell that starts on line 1 is never closed",
        ),
    ],
    ids=["never-closed", "closed-lines-later", "text-after-quote", "past-the-limit", "header"],
)
def test_a_quote_that_is_never_closed_is_reported_where_it_begins_and_nothing_is_imported(
    tmp_path, vocabulary, text, message
):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, text))
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "nested too deeply"),
        ('[{"source_id": 1' + "0" * 5000 + "}]", "a number of more than 4300 digits"),
        (
            '[{"source_id": "P1"}, {"source_id": "P2", "name_fi": "A\\ud800"}]',
            r"Object 2 of the list holds an escape such as \\ud800",
        ),
    ],
    ids=["nested", "huge-number", "half-a-surrogate-pair"],
)
def test_json_that_python_reads_badly_is_refused_with_a_clear_message(
    tmp_path, vocabulary, text, message
):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, text, name="projects.json"))
    assert not Project.objects.exists()
