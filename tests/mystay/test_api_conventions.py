import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_json_404(api):
    response = api.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_wrong_method_is_json_405(api):
    response = api.delete("/api/v1/stays/lookup")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_unauthenticated_is_json_401(api):
    response = api.get("/api/v1/guest/stay")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_malformed_json_is_400(api):
    response = api.post("/api/v1/auth/staff/login", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


def test_crash_is_json_500_without_details(api, settings):
    settings.ROOT_URLCONF = "tests.mystay.urls_boom"
    response = api.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "sk_live" not in response.content.decode()


def test_openapi_schema_is_valid(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert "/api/v1/stays/lookup" in schema["paths"]
    assert "/api/v1/guest/stay" in schema["paths"]
    assert api.get("/api/docs/").status_code == 200


def test_schema_documents_error_answers(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    lookup = schema["paths"]["/api/v1/stays/lookup"]["get"]["responses"]
    assert {"400", "404", "429", "500"} <= set(lookup) and "401" not in lookup
    guest = schema["paths"]["/api/v1/guest/stay"]["get"]["responses"]
    assert guest["401"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "message"]


def test_huge_page_offsets_are_a_short_page_not_an_error(api, front_desk):
    token = api.post(
        "/api/v1/auth/staff/login", {"email": "desk@par.test", "password": "correct horse battery"}, format="json"
    ).json()["token"]
    response = api.get(
        "/api/v1/staff/stays",
        {"offset": "99999999999999999999999", "limit": "99999999999999999999"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
