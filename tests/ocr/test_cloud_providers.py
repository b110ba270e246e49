"""Cloud OCR providers against their real wire formats: Textract (botocore Stubber + the raw HTTP
request through botocore's before-send hook), Google Vision (REST transport + responses), Azure
AI Vision (requests transport + responses)."""

import base64
import datetime as dt
import json

import pytest
import responses
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from integrations.exceptions import ProviderAuthFailed, ProviderTimeout, ProviderUnavailable
from integrations.manager import get_integration_manager
from ocr import mrz
from ocr.exceptions import DocumentNotRead
from ocr.providers.azure_vision import AzureVisionOcr
from ocr.providers.google_vision import GoogleVisionOcr
from ocr.providers.textract import TextractOcr
from tests.ocr.conftest import photo, upload, use_ocr

IMAGE = b"\xff\xd8\xffjpeg bytes"
FUTURE = dt.date.today() + dt.timedelta(days=1500)
ZONE = mrz.build_td3(
    issuing_country="FRA",
    surname="Dupré",
    given_names="Hélène",
    document_number="19FV41872",
    nationality="FRA",
    birth_date=dt.date(1986, 5, 17),
    sex="F",
    expiry_date=FUTURE,
)


# --- AWS Textract ------------------------------------------------------------------------------


def textract() -> TextractOcr:
    return TextractOcr(config={"region": "eu-west-1", "access_key_id": "AKIDEXAMPLE", "secret_access_key": "s3cr3t"})


def field(kind, text, confidence=98.5, date=None):
    detection = {"Text": text, "Confidence": confidence}
    if date:
        detection["NormalizedValue"] = {"Value": f"{date}T00:00:00", "ValueType": "Date"}
    return {"Type": {"Text": kind}, "ValueDetection": detection}


def analyze_id_response(fields):
    return {
        "IdentityDocuments": [{"DocumentIndex": 1, "IdentityDocumentFields": fields, "Blocks": []}],
        "DocumentMetadata": {"Pages": 1},
        "AnalyzeIDModelVersion": "1.0",
    }


def test_textract_reads_the_mrz_code_and_the_issue_date():
    provider = textract()
    fields = [
        field("FIRST_NAME", "HELENE"),
        field("LAST_NAME", "DUPRE"),
        field("DOCUMENT_NUMBER", "19FV41872", 97.0),
        field("DATE_OF_ISSUE", "17 MAY 2021", date="2021-05-17"),
        field("EXPIRATION_DATE", "x", date=FUTURE.isoformat()),
        field("MRZ_CODE", "\n".join(ZONE), 95.0),
        field("OTHER", "whatever"),
    ]
    with Stubber(provider.client) as stub:
        stub.add_response("analyze_id", analyze_id_response(fields), {"DocumentPages": [{"Bytes": IMAGE}]})
        data = provider.extract_id_data(IMAGE, "passport")
        stub.assert_no_pending_responses()
    assert (data["first_name"], data["last_name"], data["document_number"]) == ("Helene", "Dupre", "19FV41872")
    assert data["nationality"] == "FRA" and data["date_of_birth"] == "1986-05-17"
    assert data["issue_date"] == "2021-05-17" and data["mrz_lines"] == ZONE
    assert 0.95 < data["confidence"] < 0.99  # 0-100 confidences turned into 0-1
    assert provider.validate_id_data(data)["is_valid"]


def test_textract_us_document_without_zone_uses_typed_fields():
    provider = textract()
    fields = [
        field("FIRST_NAME", "JOHN"),
        field("LAST_NAME", "DOE"),
        field("DOCUMENT_NUMBER", "D1234567"),
        field("DATE_OF_BIRTH", "06/15/1985", date="1985-06-15"),
        field("EXPIRATION_DATE", "01/15/2030", date="2030-01-15"),
    ]
    with Stubber(provider.client) as stub:
        stub.add_response("analyze_id", analyze_id_response(fields), {"DocumentPages": [{"Bytes": IMAGE}]})
        data = provider.extract_id_data(IMAGE, "driver_license")
    assert data["date_of_birth"] == "1985-06-15" and data["expiry_date"] == "2030-01-15"
    assert data["read_from"] == "visual_zone" and data["mrz_lines"] is None


@pytest.mark.parametrize(
    "code, status, error",
    [
        ("ThrottlingException", 400, ProviderUnavailable),
        ("ProvisionedThroughputExceededException", 400, ProviderUnavailable),
        ("InternalServerError", 500, ProviderUnavailable),
        ("AccessDeniedException", 400, ProviderAuthFailed),
        ("UnsupportedDocumentException", 400, DocumentNotRead),
        ("BadDocumentException", 400, DocumentNotRead),
    ],
)
def test_textract_errors_map_to_ocr_codes(code, status, error):
    provider = textract()
    with Stubber(provider.client) as stub:
        stub.add_client_error("analyze_id", service_error_code=code, http_status_code=status)
        with pytest.raises(error) as exc:
            provider.extract_id_data(IMAGE)
    if error is not DocumentNotRead:
        assert exc.value.error_code.startswith("ocr_")


def test_textract_wire_request_and_garbage_answer():
    """The real HTTP request botocore builds (JSON 1.1, target header, base64 bytes, SigV4)."""
    provider = textract()
    sent = []

    def answer(request, **kwargs):
        sent.append(request)
        body = json.dumps(analyze_id_response([field("MRZ_CODE", "\n".join(ZONE))])).encode()
        return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.1"}, _Raw(body))

    provider.client.meta.events.register("before-send.textract.AnalyzeID", answer)
    data = provider.extract_id_data(IMAGE)
    request = sent[0]
    assert request.url == "https://textract.eu-west-1.amazonaws.com/" and request.method == "POST"
    assert request.headers["X-Amz-Target"] == b"Textract.AnalyzeID"
    assert request.headers["Content-Type"] == b"application/x-amz-json-1.1"
    assert b"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" in request.headers["Authorization"]
    assert json.loads(request.body) == {"DocumentPages": [{"Bytes": base64.b64encode(IMAGE).decode()}]}
    assert data["document_number"] == "19FV41872"

    garbage = textract()
    garbage.client.meta.events.register(
        "before-send.textract.AnalyzeID",
        lambda request, **kw: AWSResponse(request.url, 200, {}, _Raw(b"<html>proxy error</html>")),
    )
    with pytest.raises(Exception) as exc:
        garbage.extract_id_data(IMAGE)
    assert getattr(exc.value, "error_code", "") == "ocr_bad_response"


class _Raw:
    def __init__(self, body):
        self.body = body

    def stream(self, **kwargs):
        yield self.body

    def read(self, *args, **kwargs):
        return self.body


# --- Google Cloud Vision -----------------------------------------------------------------------

GOOGLE_URL = "https://vision.googleapis.com/v1/images:annotate"


def google_answer(text, confidence=0.97):
    return {
        "responses": [
            {
                "fullTextAnnotation": {
                    "text": text,
                    "pages": [{"width": 1250, "height": 880, "confidence": confidence}],
                },
                "textAnnotations": [{"description": text, "locale": "en"}],
            }
        ]
    }


@responses.activate
def test_google_vision_request_and_mrz():
    responses.add(
        responses.POST,
        GOOGLE_URL,
        json=google_answer(
            "PASSEPORT\nRÉPUBLIQUE FRANÇAISE\nNom/Surname DUPRE\n"
            + ZONE[0].replace("<<", "« ", 1)
            + "\n"
            + ZONE[1]
            + "\n"
        ),
    )
    data = GoogleVisionOcr(config={"api_key": "AIzaTEST"}).extract_id_data(IMAGE, "passport")
    call = responses.calls[0]
    assert call.request.headers["x-goog-api-key"] == "AIzaTEST"
    body = json.loads(call.request.body)
    assert body["requests"][0]["features"] == [{"type": 11}]  # DOCUMENT_TEXT_DETECTION
    assert base64.b64decode(body["requests"][0]["image"]["content"]) == IMAGE
    assert body["requests"][0]["imageContext"] == {"languageHints": ["en"]}
    assert data["mrz_lines"] == ZONE and data["last_name"] == "Dupre" and data["confidence"] == pytest.approx(0.97)


@responses.activate
def test_google_vision_falls_back_to_the_visual_zone():
    responses.add(
        responses.POST,
        GOOGLE_URL,
        json=google_answer(
            "IDENTITY CARD\nSurname / Nom\nDUPRE\nGiven names / Prenoms\nHELENE MARIE\nNationality\nFRA\n"
            "Date of birth\n17 MAY 1986\nDate of expiry\n"
            + FUTURE.strftime("%d %b %Y").upper()
            + "\nDocument no.\nX4RTBPFW4\n"
        ),
    )
    data = GoogleVisionOcr(config={"api_key": "k"}).extract_id_data(IMAGE, "id_card")
    assert (data["last_name"], data["first_name"], data["middle_name"]) == ("Dupre", "Helene", "Marie")
    assert data["date_of_birth"] == "1986-05-17" and data["document_number"] == "X4RTBPFW4"
    assert data["confidence"] <= 0.5
    result = GoogleVisionOcr(config={"api_key": "k"}).validate_id_data(data)
    assert result["is_valid"] and [w["code"] for w in result["warnings"]] == ["no_mrz", "low_confidence"]


@responses.activate
@pytest.mark.parametrize(
    "status, body, error",
    [
        (429, {"error": {"code": 429, "message": "Quota", "status": "RESOURCE_EXHAUSTED"}}, ProviderUnavailable),
        (503, {"error": {"code": 503, "message": "down", "status": "UNAVAILABLE"}}, ProviderUnavailable),
        (
            403,
            {"error": {"code": 403, "message": "API key not valid", "status": "PERMISSION_DENIED"}},
            ProviderAuthFailed,
        ),
        (504, {"error": {"code": 504, "message": "deadline", "status": "DEADLINE_EXCEEDED"}}, ProviderUnavailable),
        (200, {"responses": [{"error": {"code": 3, "message": "Bad image data."}}]}, DocumentNotRead),
        (200, {"responses": [{"error": {"code": 14, "message": "try again"}}]}, ProviderUnavailable),
        (200, {"responses": [{}]}, DocumentNotRead),
    ],
)
def test_google_vision_errors(status, body, error):
    responses.add(responses.POST, GOOGLE_URL, json=body, status=status)
    with pytest.raises(error):
        GoogleVisionOcr(config={"api_key": "k"}).extract_id_data(IMAGE)


@responses.activate
def test_google_vision_timeout_and_garbage():
    import requests

    responses.add(responses.POST, GOOGLE_URL, body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(ProviderTimeout):
        GoogleVisionOcr(config={"api_key": "k"}).extract_id_data(IMAGE)
    responses.replace(responses.POST, GOOGLE_URL, body="<html>gateway</html>", status=200)
    with pytest.raises(Exception) as exc:
        GoogleVisionOcr(config={"api_key": "k"}).extract_id_data(IMAGE)
    assert getattr(exc.value, "error_code", "") == "ocr_bad_response"


def test_google_vision_without_credentials_is_auth_failed():
    provider = GoogleVisionOcr(config={})
    assert provider.health_check() is False
    with pytest.raises(ProviderAuthFailed):
        provider.extract_id_data(IMAGE)


# --- Azure AI Vision ---------------------------------------------------------------------------

AZURE = "https://mystay-test.cognitiveservices.azure.com"
AZURE_URL = f"{AZURE}/computervision/imageanalysis:analyze"


def azure() -> AzureVisionOcr:
    return AzureVisionOcr(config={"endpoint": AZURE, "key": "az-key-123"})


def azure_answer(lines):
    return {
        "modelVersion": "2023-10-01",
        "metadata": {"width": 1250, "height": 880},
        "readResult": {
            "blocks": [
                {
                    "lines": [
                        {
                            "text": text,
                            "boundingPolygon": [{"x": 0, "y": 0}] * 4,
                            "words": [
                                {"text": w, "boundingPolygon": [{"x": 0, "y": 0}] * 4, "confidence": 0.9}
                                for w in text.split()
                            ],
                        }
                        for text in lines
                    ]
                }
            ]
        },
    }


@responses.activate
def test_azure_request_and_mrz():
    responses.add(responses.POST, AZURE_URL, json=azure_answer(["PASSPORT", "FRA", ZONE[0], ZONE[1]]))
    data = azure().extract_id_data(IMAGE, "passport")
    request = responses.calls[0].request
    assert request.url.startswith(AZURE_URL + "?")
    from urllib.parse import parse_qs, urlparse

    query = parse_qs(urlparse(request.url).query)
    assert query["features"] == ["read"] and query["api-version"] == ["2023-10-01"] and query["language"] == ["en"]
    assert request.headers["Ocp-Apim-Subscription-Key"] == "az-key-123"
    assert request.headers["Content-Type"] == "application/octet-stream"
    assert request.body == IMAGE
    assert data["mrz_lines"] == ZONE and data["confidence"] == pytest.approx(0.9)


@responses.activate
@pytest.mark.parametrize(
    "status, error",
    [
        (401, ProviderAuthFailed),
        (403, ProviderAuthFailed),
        (429, ProviderUnavailable),
        (500, ProviderUnavailable),
        (400, DocumentNotRead),
    ],
)
def test_azure_errors(status, error, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda s: None)  # the SDK's retry backoff
    responses.add(
        responses.POST, AZURE_URL, status=status, json={"error": {"code": "InvalidRequest", "message": "nope"}}
    )
    with pytest.raises(error):
        azure().extract_id_data(IMAGE)


@responses.activate
def test_azure_no_text_and_garbage():
    responses.add(responses.POST, AZURE_URL, json=azure_answer([]))
    with pytest.raises(DocumentNotRead):
        azure().extract_id_data(IMAGE)
    responses.replace(responses.POST, AZURE_URL, json={"modelVersion": "x"})
    with pytest.raises(Exception) as exc:
        azure().extract_id_data(IMAGE)
    assert getattr(exc.value, "error_code", "") == "ocr_bad_response"


# --- through the API --------------------------------------------------------------------------


@pytest.mark.django_db
@responses.activate
def test_guest_upload_through_azure(guest_api, stay):
    use_ocr(stay.hotel, "azure_vision", {"endpoint": AZURE, "key": "az-key-123"})
    responses.add(responses.POST, AZURE_URL, json=azure_answer(["PASSPORT", ZONE[0], ZONE[1]]))
    response = upload(guest_api, photo())
    assert response.status_code == 201, response.content
    assert response.json()["extracted"]["document_number"] == "19FV41872"
    # What went to Azure is the cleaned image (decoded and re-encoded, no EXIF), not the upload.
    assert responses.calls[0].request.body[:2] == b"\xff\xd8"


@pytest.mark.django_db
def test_guest_upload_textract_outage_is_a_503(guest_api, stay):
    use_ocr(stay.hotel, "textract", {"region": "eu-west-1", "access_key_id": "AKID", "secret_access_key": "x"})
    provider = get_integration_manager(stay.hotel).get_ocr()
    with Stubber(provider.client) as stub:
        stub.add_client_error("analyze_id", service_error_code="ThrottlingException", http_status_code=400)
        response = upload(guest_api, photo())
    assert response.status_code == 503 and response.json()["code"] == "ocr_unavailable"


@pytest.mark.django_db
def test_secrets_are_declared_and_sealed(stay):
    from integrations.models import HotelIntegrations

    use_ocr(stay.hotel, "azure_vision", {"endpoint": AZURE, "key": "az-key-123"})
    record = HotelIntegrations.objects.get(hotel=stay.hotel)
    assert "az-key-123" not in json.dumps(record.raw_config("ocr"))
    from integrations.registry import get_spec

    assert get_spec("ocr", "textract").secret_fields == {"secret_access_key"}
    assert get_spec("ocr", "google_vision").secret_fields == {"api_key", "credentials_json"}
    assert get_spec("ocr", "azure_vision").secret_fields == {"key"}
