"""Schema-driven test: schemathesis generates requests from the OpenAPI schema the
project serves and checks that no answer is a server error or breaks the schema."""

import json

import pytest
import schemathesis
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings

from config.wsgi import application

# The same document /api/v1/schema/ serves, made without a request at collection time.
schema = schemathesis.openapi.from_dict(
    json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
)
schema.app = application


@pytest.fixture
def catalogue(db, settings):
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    call_command("load_demo", verbosity=0)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_within_its_schema(case, catalogue):
    # Every answer must be within the schema and no answer a server error. Not checked:
    # that every schema-valid request succeeds (a made-up slug is a 404), and that every
    # odd value is refused (an unusable page_size falls back to the default, as in DRF).
    case.call_and_validate(excluded_checks=[negative_data_rejection, positive_data_acceptance])


def test_the_served_schema_is_the_tested_one(client):
    served = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert served["paths"].keys() == schema.raw_schema["paths"].keys()
