import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.forms import form_token_new
from tests.factories import CallFactory, CriterionFactory, MunicipalityFactory, ThemeFactory


@pytest.fixture(autouse=True)
def _private_attachments(settings, tmp_path):
    """Attachments go to a temporary folder, never the developer's private/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "attachments"},
        },
    }


@pytest.fixture
def criteria(db):
    names = [
        ("goal-oriented", "Tavoitteellinen", "Målinriktad", "Goal-oriented"),
        ("customer-responsive", "Asiakaslähtöinen", "Kundorienterad", "Customer-responsive"),
        (
            "context-sensitive",
            "Tilanteeseen sopiva",
            "Anpassad till situationen",
            "Context-sensitive",
        ),
        ("high-impact", "Vaikuttava", "Verkningsfull", "High-impact"),
        ("capable-of-being-modelled", "Mallinnettava", "Avbildbar", "Capable of being modelled"),
        ("can-be-generalised", "Yleistettävä", "Generaliserbar", "Can be generalised"),
    ]
    return [
        CriterionFactory(slug=slug, position=n, name_fi=fi, name_sv=sv, name_en=en)
        for n, (slug, fi, sv, en) in enumerate(names, start=1)
    ]


@pytest.fixture
def open_call(db):
    return CallFactory(slug="mentoring", contact_email="editors@example.org")


def pdf_file(name="plan.pdf", size=None) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    if size:
        content = content + b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_file(name="plan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def odt_file(name="plan.odt") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def png_file(name="picture.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"0" * 100)


@pytest.fixture
def form_data(criteria):
    """Everything a coordinator fills in, with a form opened a minute ago."""
    import time

    municipality = MunicipalityFactory(slug="oulu")
    theme = ThemeFactory(slug="mentoring")
    data = {
        "form_token": form_token_new(started=time.time() - 60),
        "website": "",
        "title": "Työelämämentorit",
        "organisation": "Yhdistys ry",
        "municipalities": [str(municipality.pk)],
        "themes": [str(theme.pk)],
        "summary": "Mentorit tukevat työnhakua.",
        "goal": "Työpaikka.",
        "how_it_works": "Tapaamiset kahden viikon välein.",
        "results": "Palaute oli hyvää.",
        "resources": "Koordinaattori.",
        "adoption": "Mentorit ja koordinaattori.",
        "links": "https://example.org/malli\nhttps://example.org/video",
        "contact_name": "Maija Meikäläinen",
        "contact_email": "maija@example.org",
        "contact_phone": "+358 40 123 4567",
        "language": "fi",
        "consent": "on",
    }
    for criterion in criteria:
        data[f"criterion_{criterion.slug}"] = f"Näin: {criterion.name_fi}."
    return data
