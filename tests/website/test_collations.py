"""The database sorts names in the visitor's alphabet, and agrees with Python: the same
order on PostgreSQL (its ICU collations) and SQLite (collations of the same names that
compare by `collation_key`), and the same as the forms' `collated`."""

import pytest
from django.db import connection

from practices.models import Municipality
from tests.factories import MunicipalityFactory
from website import checks
from website.i18n import DATABASE_COLLATIONS, collated, collated_order

pytestmark = pytest.mark.django_db

NAMES = [
    "Zeta",
    "Åbo",
    "Ähtäri",
    "Äänekoski",
    "Öja",
    "Aura",
    "Vårdö",
    "Vörå",
    "Vöyri",
    "Wasa",
    "Vw",
    "Ylöjärvi",
    "Üxheim",
    "Æbeltoft",
    "Øvre Eiker",
    "Écija",
    "Eura",
    "Eurajoki",
    "Etelä-Pohjanmaa",
    "Etelä Savo",
    "Koski Tl",
    "Kökar",
    "Mänttä-Vilppula",
    "Maalahti",
    "Pedersöre",
    "Södra Österbotten",
    "Sottunga",
    "Odda",
    "Oz",
    "Łódź",
    "Lodz",
    "Lz",
    "Ðakovo",
    "Đurđevac",
    "Dz",
    "Aeb",
    "Af",
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_database_sorts_names_as_python_does(language):
    for name in NAMES:
        MunicipalityFactory(name_fi=name)
    in_database = Municipality.objects.order_by(collated_order("name_fi", language))
    assert [town.name_fi for town in in_database] == collated(NAMES, language=language)


def test_finnish_and_swedish_put_a_ring_a_umlaut_and_o_umlaut_after_z_in_the_database():
    for name in ["Öja", "Zeta", "Åbo", "Ähtäri", "Aura"]:
        MunicipalityFactory(name_fi=name)
    for language in ("fi", "sv"):
        in_database = Municipality.objects.order_by(collated_order("name_fi", language))
        assert [town.name_fi for town in in_database] == ["Aura", "Zeta", "Åbo", "Ähtäri", "Öja"]
    in_english = Municipality.objects.order_by(collated_order("name_fi", "en"))
    assert [town.name_fi for town in in_english] == ["Åbo", "Ähtäri", "Aura", "Öja", "Zeta"]


def test_the_database_has_the_collations_of_the_three_languages():
    assert checks.database_collations(None, databases=["default"]) == []
    assert set(DATABASE_COLLATIONS.values()) <= checks.collations_of(connection)


def test_a_missing_collation_is_named_by_the_check_of_migrate(monkeypatch):
    monkeypatch.setitem(DATABASE_COLLATIONS, "se", "se-x-unknown")
    [error] = checks.database_collations(None, databases=["default"])
    assert error.id == "website.E001"
    assert "lacks the collation(s) se-x-unknown" in error.msg
    if connection.vendor == "postgresql":
        assert "pg_import_system_collations" in error.hint
    else:
        assert "registered on each new connection" in error.hint


def test_the_check_needs_a_database_to_look_at():
    assert checks.database_collations(None) == []


@pytest.mark.postgres
def test_a_postgresql_built_without_icu_is_told_so(monkeypatch):
    monkeypatch.setattr(checks, "collations_of", lambda connection: set())
    monkeypatch.setattr(checks, "postgresql_has_icu", lambda connection: False)
    [error] = checks.database_collations(None, databases=["default"])
    assert "built without ICU" in error.hint
