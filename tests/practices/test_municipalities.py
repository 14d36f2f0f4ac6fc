"""Every municipality of Finland, from the official file shipped with the catalogue,
kept up to date by a command, and listed in the visitor's alphabet."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from practices.forms import AdoptionForm
from practices.models import Municipality, Region
from practices.municipalities import DATA_FILE, municipalities_load, shipped_rows
from submissions.forms import SubmissionForm
from tests.factories import MunicipalityFactory, PracticeFactory, RegionFactory
from website.i18n import collated

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "statistics-finland-classification.csv"


def load(rows=None, **options):
    rows = shipped_rows() if rows is None else rows
    return municipalities_load(Region=Region, Municipality=Municipality, rows=rows, **options)


def names(choices):
    return {
        str(group): [str(label) for _value, label in options]
        for group, options in choices
        if isinstance(options, list)
    }


def test_every_municipality_of_finland_is_there_with_its_official_names_and_region():
    load()
    assert Municipality.objects.current().count() == 308
    assert Region.objects.count() == 19
    helsinki = Municipality.objects.get(code="091")
    assert (helsinki.name_fi, helsinki.name_sv, helsinki.region.name_en) == (
        "Helsinki",
        "Helsingfors",
        "Uusimaa",
    )
    assert helsinki.size_class == "large"
    jakobstad = Municipality.objects.get(code="598")
    assert (jakobstad.name_fi, jakobstad.name_sv) == ("Pietarsaari", "Jakobstad")
    aland = Region.objects.get(code="21")
    assert (aland.name_fi, aland.name_sv, aland.name_en) == ("Ahvenanmaa", "Åland", "Åland")
    assert aland.municipalities.count() == 16
    assert Municipality.objects.get(code="478").name_sv == "Mariehamn"
    assert Municipality.objects.get(code="766").size_class == "small"  # Sottunga
    # Pertunmaa merged into Mäntyharju on 1 January 2026.
    assert not Municipality.objects.filter(name_fi="Pertunmaa").exists()


def test_the_shipped_file_says_where_it_comes_from():
    readme = (DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "Statistics Finland" in readme and "CC BY 4.0" in readme
    assert "31 December 2020" in readme


def test_loading_twice_changes_nothing_and_keeps_the_rows_practices_refer_to():
    region = RegionFactory(name_fi="Pohjois-Pohjanmaa", slug="pohjois-pohjanmaa")
    oulu = MunicipalityFactory(name_fi="Oulu", name_sv="", slug="oulu", region=region)
    practice = PracticeFactory(municipalities=[oulu])
    load()
    oulu.refresh_from_db()
    assert (oulu.code, oulu.name_sv, oulu.region.code) == ("564", "Uleåborg", "17")
    assert list(practice.municipalities.all()) == [oulu]
    assert Region.objects.filter(name_fi="Pohjois-Pohjanmaa").count() == 1
    assert not load()


def test_the_database_refuses_two_municipalities_with_one_code():
    MunicipalityFactory(code="091")
    MunicipalityFactory(code="")
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityFactory(code="091")
    MunicipalityFactory(code="")  # rows without a code are many


def newer_file(tmp_path, change):
    with DATA_FILE.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    rows = change(rows)
    path = tmp_path / "municipalities-2027.csv"
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_refresh_reports_changes_and_ends_a_merged_municipality_that_a_practice_keeps(tmp_path):
    load()
    sottunga = Municipality.objects.get(code="766")
    practice = PracticeFactory(municipalities=[sottunga])

    def merge_sottunga_and_grow_helsinki(rows):
        for row in rows:
            if row["code"] == "091":
                row["population"] = "700000"
            if row["code"] == "599":
                row["name_fi"] = "Pedersöre"
        return [row for row in rows if row["code"] != "766"]

    out = io.StringIO()
    call_command(
        "refresh_municipalities", newer_file(tmp_path, merge_sottunga_and_grow_helsinki), stdout=out
    )
    report = out.getvalue()
    assert "307 municipalities read." in report
    assert "Helsinki: 656920 → 700000" in report
    assert "Pedersören kunta → Pedersöre / Pedersöre" in report
    assert "Ended (merged into another municipality) (1): Sottunga" in report
    sottunga.refresh_from_db()
    assert sottunga.ended_on is not None
    assert list(practice.municipalities.all()) == [sottunga]
    assert sottunga not in AdoptionForm().fields["municipality"].queryset
    with translation.override("en"):
        form = AdoptionForm(data={"municipality": sottunga.pk})
        form.is_valid()
        assert form.errors["municipality"] == ["Choose a municipality from the list."]

    out = io.StringIO()
    call_command(
        "refresh_municipalities", newer_file(tmp_path, merge_sottunga_and_grow_helsinki), stdout=out
    )
    assert "nothing changed" in out.getvalue()


def test_refresh_reads_statistics_finlands_classification_and_keeps_what_it_does_not_say():
    uusimaa = RegionFactory(code="01", name_fi="Uusimaa")
    pohjanmaa = RegionFactory(code="15", name_fi="Pohjanmaa")
    MunicipalityFactory(code="091", name_fi="Helsinki", name_sv="Helsingfors", region=uusimaa)
    MunicipalityFactory(code="598", name_fi="Pietarsaari", name_sv="Jakobstad", region=pohjanmaa)
    pedersore = MunicipalityFactory(
        code="599", name_fi="Pedersören kunta", name_sv="Pedersöre", population=11_000
    )
    out = io.StringIO()
    call_command("refresh_municipalities", SAMPLE, stdout=out)
    assert "Moved to another region (1): Pedersöre: Pohjanmaa" in out.getvalue()
    pedersore.refresh_from_db()
    assert (pedersore.name_fi, pedersore.name_sv, pedersore.population) == (
        "Pedersöre",
        "Pedersöre",
        11_000,
    )
    assert pedersore.region == pohjanmaa


def test_refresh_refuses_a_file_that_is_not_the_whole_country_and_changes_nothing():
    load()
    with pytest.raises(CommandError, match="would end 305 municipalities.*Nothing was changed"):
        call_command("refresh_municipalities", SAMPLE)
    assert Municipality.objects.current().count() == 308


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,name_fi\n091,Helsinki\n", "has no column"),
        (
            "code,name_fi,name_sv,region_code,region_fi,region_sv,region_en,population\n"
            "091,Helsinki,Helsingfors,01,Uusimaa,Nyland,Uusimaa,many\n",
            "Line 2: the population is not a number.",
        ),
    ],
)
def test_refresh_explains_a_file_it_cannot_read(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("refresh_municipalities", path)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("refresh_municipalities", tmp_path / "missing.csv")


def last_row(**values):
    """A newer file whose first row (Alajärvi, line 2) has a real change and whose last row
    (line 309) has these values: a refused file must not have been half written."""

    def change(rows):
        rows[0]["population"] = "10050"
        rows[-1].update(values)
        return rows

    return change


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"population": "-1"}, "Line 309: the population cannot be negative: -1."),
        (
            {"population": "99999999999999999999"},
            "Line 309: the population 99999999999999999999 is more than any municipality has",
        ),
        ({"population": "²"}, "Line 309: the population is not a number: '²'."),
        ({"population": "١٢٣"}, "Line 309: the population is not a number: '١٢٣'."),
        ({"code": "²"}, "Line 309: the municipality code '²' is not a number of 1 to 3 digits."),
        ({"code": "9770"}, "Line 309: the municipality code '9770' is not a number"),
        ({"region_code": "1٤"}, "Line 309: the region code '1٤' is not a number of 1 or 2"),
        ({"name_fi": "Y" * 300}, "Line 309: the Finnish name is 300 characters long; at most 80"),
        ({"name_sv": "Y" * 81}, "Line 309: the Swedish name is 81 characters long"),
        ({"region_en": "Y" * 81}, "Line 309: the region's English name is 81 characters long"),
        ({"name_fi": "\x00\x1b\x07"}, "Line 309: a Finnish name is missing."),
    ],
)
def test_refresh_refuses_a_hostile_file_naming_the_line_and_writes_nothing(
    tmp_path, values, message
):
    """A negative or 20-digit population was an IntegrityError or OverflowError, "²" a
    ValueError or a code "00²" that ended the real Alajärvi, a 300-character name was
    stored: each is now refused with the line, before anything is written."""
    load()
    before = list(Municipality.objects.values()), list(Region.objects.values())
    path = newer_file(tmp_path, last_row(**values))
    with pytest.raises(CommandError, match=re.escape(message) + ".*Nothing was changed"):
        call_command("refresh_municipalities", path)
    assert (list(Municipality.objects.values()), list(Region.objects.values())) == before
    assert Municipality.objects.get(code="005").population == 9419


def test_control_characters_in_a_name_are_taken_out_before_it_is_compared_or_stored(tmp_path):
    load()
    pasted = newer_file(
        tmp_path,
        lambda rows: [
            *rows[:-1],
            {**rows[-1], "name_fi": "Ääne\x00koski\x1b\x0b", "region_sv": "Mellersta\x0bFinland"},
        ],
    )

    # The same names once the NUL, the escape and the vertical tab are out: no change.
    assert "308 municipalities read; nothing changed." in refresh(pasted)
    town = Municipality.objects.get(code="992")
    assert (town.name_fi, town.region.name_sv) == ("Äänekoski", "Mellersta Finland")


ALAND = ["Vårdö", "Eckerö", "Föglö", "Brändö", "Sund", "Kökar", "Öja", "Ähtäri", "Äänekoski"]


def test_finnish_and_swedish_put_a_ring_a_umlaut_and_o_umlaut_after_z():
    expected = ["Brändö", "Eckerö", "Föglö", "Kökar", "Sund", "Vårdö", "Ähtäri", "Äänekoski", "Öja"]
    assert collated(ALAND, language="fi") == expected
    assert collated(ALAND, language="sv") == expected
    assert collated(["Åbo", "Zeta", "Ängelholm", "Örebro"], language="sv") == [
        "Zeta",
        "Åbo",
        "Ängelholm",
        "Örebro",
    ]
    assert collated(ALAND, language="en") == [
        "Äänekoski",
        "Ähtäri",
        "Brändö",
        "Eckerö",
        "Föglö",
        "Kökar",
        "Öja",
        "Sund",
        "Vårdö",
    ]


def test_forms_offer_the_municipalities_by_region_in_the_visitors_language():
    load()
    with translation.override("sv"):
        choices = names(SubmissionForm().fields["municipalities"].choices)
        regions = list(choices)
        assert regions[-2:] == ["Åland", "Österbotten"]
        assert choices["Österbotten"][:3] == ["Jakobstad", "Kaskö", "Korsholm"]
        assert "Mariehamn" in choices["Åland"]
    with translation.override("fi"):
        choices = names(AdoptionForm().fields["municipality"].choices)
        assert list(choices)[0] == "Ahvenanmaa"
        assert choices["Ahvenanmaa"][:4] == ["Brändö", "Eckerö", "Finström", "Föglö"]
        assert choices["Keski-Suomi"][-1] == "Äänekoski"
        assert sum(len(towns) for towns in choices.values()) == 308


# Statistics Finland's statistics database (PxWeb) saves a table as CSV with a title
# line, a blank line and a header naming the area column and the figures. The two sample
# files copy the shape of real exports; their titles and figures are made up:
# * statfin-11re-population-cp1252.csv: table 11re "Väestö iän (1-v.) ja sukupuolen
#   mukaan alueittain", comma-separated, areas by name, one row per age group, men and
#   women in columns of their own headed "Miehet 2018 Väestö 31.12." etc., as in the
#   export kausaltech/reina-model keeps in data/005_11re_2018.csv (read there as
#   ISO-8859-1); saved here in Windows-1252 with CRLF line ends;
# * statfin-11ra-population-utf8-bom.csv: semicolon-separated "with heading", areas as
#   code and name ("MK01 Uusimaa", "KU091 Helsinki"), a "Vuosi" column, as in the
#   export quoted in Statistics Finland's QGIS example for table 12jz
#   ("Alue";"Vuosi";"Liikennesuorite" / "MK01 Uusimaa";"2020";7657); "." marks a missing
#   figure, as Statistics Finland's CSV exports do; saved in UTF-8 with a byte-order mark.
POPULATION_BY_NAME = SAMPLE.parent / "statfin-11re-population-cp1252.csv"
POPULATION_BY_CODE = SAMPLE.parent / "statfin-11ra-population-utf8-bom.csv"


def refresh(path, **options):
    out = io.StringIO()
    call_command("refresh_municipalities", path, stdout=out, **options)
    return out.getvalue()


def test_a_newer_population_file_brings_the_size_classes_up_to_date():
    load()
    assert Municipality.objects.get(name_fi="Alajärvi").size_class == "small"  # 9,419
    assert Municipality.objects.get(name_fi="Alavus").size_class == "medium"  # 11,332
    helsinki_before = Municipality.objects.values().get(code="091")

    report = refresh(POPULATION_BY_NAME, max_ended=400)

    alajarvi = Municipality.objects.get(name_fi="Alajärvi")
    assert (alajarvi.population, alajarvi.size_class) == (10050, "medium")
    alavus = Municipality.objects.get(name_fi="Alavus")
    assert (alavus.population, alavus.size_class) == (9990, "small")
    helsinki = Municipality.objects.values().get(code="091")
    assert helsinki["population"] == 680000
    # Only the population moved: names, region and the rest stay as they were.
    assert {k: v for k, v in helsinki.items() if k != "population"} == {
        k: v for k, v in helsinki_before.items() if k != "population"
    }
    assert "4 municipalities read: the population on 31 December 2024." in report
    assert "Population changed (3): Alajärvi: 9419 → 10050, Alavus: 11332 → 9990" in report
    assert "not a current municipality (left alone) (1): Pertunmaa" in report
    assert "without a figure in the file (kept) (305):" in report
    assert not Municipality.objects.filter(name_fi="Pertunmaa").exists()

    assert "No population changed." in refresh(POPULATION_BY_NAME, max_ended=400)


def test_a_population_file_by_code_reads_the_latest_year_and_skips_a_missing_figure():
    load()
    mariehamn = Municipality.objects.get(code="478").population

    report = refresh(POPULATION_BY_CODE, max_ended=400)

    assert Municipality.objects.get(code="005").population == 10050  # 2024, not 2023
    assert Municipality.objects.get(code="091").population == 684018
    assert Municipality.objects.get(code="478").population == mariehamn  # "." in the file
    assert "the population on 31 December 2024." in report
    assert "(left alone) (1): KU588 Pertunmaa" in report  # the region row is not reported
    assert "Maarianhamina" in report.split("without a figure")[1]


def test_a_population_file_that_is_not_the_whole_country_is_refused():
    load()
    with pytest.raises(
        CommandError,
        match="gives no population for 305 municipalities: is it the whole country\\? "
        "Nothing was changed",
    ):
        call_command("refresh_municipalities", POPULATION_BY_NAME)
    assert Municipality.objects.get(name_fi="Alajärvi").population == 9419


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '"11ra"\n\n"Alue";"2024 Väestö 31.12."\n"KU005 Alajärvi";"many"\n',
            "Line 4: the population is not a number.",
        ),
        (
            '"Alue";"2024 Väestö 31.12.";"2024 Väkiluku"\n"Alajärvi";1;2\n',
            'Which of the columns "2024 Väestö 31.12.", "2024 Väkiluku" is the population',
        ),
        ('"Alue";"Väestö 31.12."\n"KOKO MAA";5635971\n', "lists no municipalities"),
        ('"Alue";"Väestö 31.12."\n"Alajärvi";1;2\n', "Line 2 has 3 columns, not 2."),
        # "²" passed str.isdigit() and then failed int(): a ValueError's traceback.
        ('"Alue";"Väestö 31.12."\n"KU005 Alajärvi";"²"\n', "Line 2: the population is not a"),
        ('"Alue";"Väestö 31.12."\n"KU005 Alajärvi";"-9"\n', "Line 2: the population cannot"),
        (
            '"Alue";"Miehet 2024 Väestö 31.12.";"Naiset 2024 Väestö 31.12."\n'
            '"KU005 Alajärvi";9000000;9000000\n',
            "Line 2: the population 18000000 is more than any municipality has",
        ),
    ],
)
def test_refresh_explains_a_population_file_it_cannot_read(tmp_path, content, message):
    load()
    path = tmp_path / "population.csv"
    path.write_text(content, encoding="cp1252")
    with pytest.raises(CommandError, match=f"{message}.*Nothing was changed"):
        call_command("refresh_municipalities", path, max_ended=400)
    assert Municipality.objects.get(name_fi="Alajärvi").population == 9419


def test_a_file_in_neither_encoding_nor_format_gets_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x81\xff")
    with pytest.raises(CommandError, match="has no column"):
        call_command("refresh_municipalities", path)


@pytest.mark.parametrize(("row", "line"), [(0, 2), (-1, 309)], ids=["first row", "last row"])
def test_a_field_too_long_for_the_csv_reader_is_refused_naming_its_line(tmp_path, row, line):
    """A name longer than the csv module reads (131,072 characters unless a project
    import has raised the limit) was `_csv.Error: field larger than field limit`."""
    load()
    before = list(Municipality.objects.values()), list(Region.objects.values())

    def change(rows):
        rows[row]["name_sv"] = "Y" * (csv.field_size_limit() + 1)
        return rows

    path = newer_file(tmp_path, change)
    with pytest.raises(
        CommandError,
        match=f"Line {line} is not readable CSV: field larger than field limit .*Nothing was",
    ):
        call_command("refresh_municipalities", path)
    assert (list(Municipality.objects.values()), list(Region.objects.values())) == before


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('"11ra"\n\n"Alue";"Väestö 31.12."\n"KU005 Alajärvi";9419\n"{long}', 5),
        ('"Alue";"Väestö 31.12.{long}"\n"KU005 Alajärvi";9419\n', 1),
    ],
    ids=["row", "header"],
)
def test_a_population_file_the_csv_reader_cannot_read_is_refused_naming_its_line(
    tmp_path, content, line
):
    load()
    path = tmp_path / "population.csv"
    path.write_text(content.format(long="Y" * (csv.field_size_limit() + 1)), encoding="utf-8")
    with pytest.raises(CommandError, match=f"Line {line} is not readable CSV: .*Nothing was"):
        call_command("refresh_municipalities", path, max_ended=400)
    assert Municipality.objects.get(name_fi="Alajärvi").population == 9419


def test_a_file_saved_with_mac_line_ends_is_read_like_any_other(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends lines with a carriage return alone: it was
    `_csv.Error: new-line character seen in unquoted field`."""
    load()
    path = newer_file(tmp_path, last_row())
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\r").replace(b"\n", b"\r"))
    assert b"\n" not in path.read_bytes()

    report = refresh(path)

    assert "308 municipalities read." in report
    assert "Alajärvi: 9419 → 10050" in report
    assert Municipality.objects.get(code="005").population == 10050

    population = tmp_path / "population.csv"
    population.write_bytes('"Alue";"2024 Väestö 31.12."\r"KU005 Alajärvi";9500\r'.encode())
    assert "Alajärvi: 10050 → 9500" in refresh(population, max_ended=400)


@pytest.mark.parametrize(
    ("population", "message"),
    [
        ("9" * 5000, "the population 99999999999999999999… (5000 characters) is more than"),
        ("-" + "9" * 5000, "the population cannot be negative: -9999999999999999999…"),
    ],
)
def test_a_population_of_thousands_of_digits_is_refused_in_both_kinds_of_file(
    tmp_path, population, message
):
    """Python refuses to read an integer of more than 4,300 digits: that ValueError was
    the command's traceback for a population file."""
    load()
    own = newer_file(tmp_path, last_row(population=population))
    statistics = tmp_path / "population.csv"
    statistics.write_text(f'"Alue";"Väestö 31.12."\n"KU005 Alajärvi";{population}\n')
    for path, line in ((own, 309), (statistics, 2)):
        with pytest.raises(CommandError, match=f"Line {line}: {re.escape(message)}.*Nothing was"):
            call_command("refresh_municipalities", path, max_ended=400)
    assert Municipality.objects.get(code="005").population == 9419


def test_a_new_municipality_whose_name_makes_a_long_slug_gets_one_that_fits(tmp_path):
    """ "㎒" × 80 is a name of 80 characters and the slug "mhz" × 80 (240); two names of 80
    characters that differ only in case took one slug and a "-993" past it. Each was
    stored past the column's 80 on SQLite, a DataError on PostgreSQL."""
    load()
    megahertz, upper, lower = "㎒" * 80, "Ä" + "a" * 79, "ä" + "a" * 79
    new_region = {"region_code": "22", "region_fi": megahertz, "region_sv": "", "region_en": ""}

    def add_three(rows):
        new = [
            {**rows[0], "code": "993", "name_fi": upper, "name_sv": ""},
            {**rows[0], "code": "994", "name_fi": lower, "name_sv": ""},
            {**rows[0], "code": "995", "name_fi": megahertz, "name_sv": "", **new_region},
        ]
        return [*rows, *new]

    report = refresh(newer_file(tmp_path, add_three))

    assert "New municipalities (3)" in report
    max_length = Municipality._meta.get_field("slug").max_length
    slugs = dict(Municipality.objects.filter(code__gte="993").values_list("code", "slug"))
    assert slugs == {
        "993": "a" * max_length,
        "994": "a" * (max_length - 4) + "-994",
        "995": "mhz" * (max_length // 3) + "mh",
    }
    assert Region.objects.get(code="22").slug == "mhz" * (max_length // 3) + "mh"
