"""Schema-driven test: schemathesis generates requests from the OpenAPI schema the
project serves and checks that no answer is a server error or breaks the schema."""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

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
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    call_command("load_demo", verbosity=0)
    # Requests go straight to the WSGI application, whose request signals would close
    # the test's database connection (and its transaction); Django's test client keeps
    # it open the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_within_its_schema(case, catalogue):
    # Every answer must be within the schema and no answer a server error. Not checked:
    # that every schema-valid request succeeds (a made-up slug is a 404), and that every
    # odd value is refused (an unusable page_size falls back to the default, as in DRF).
    case.call_and_validate(excluded_checks=[negative_data_rejection, positive_data_acceptance])


@pytest.mark.django_db  # the API's rate limit counts in the cache, a table by default
def test_the_served_schema_is_the_tested_one(client):
    served = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert served["paths"].keys() == schema.raw_schema["paths"].keys()
