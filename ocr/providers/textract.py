"""`textract`: AWS Textract AnalyzeID through boto3 (JSON 1.1, `X-Amz-Target: Textract.AnalyzeID`).

AnalyzeID returns typed fields (FIRST_NAME, LAST_NAME, DOCUMENT_NUMBER, EXPIRATION_DATE with a
NormalizedValue, ..., MRZ_CODE) with a confidence of 0-100. It is documented for US documents: for
other passports the MRZ_CODE (when present) is parsed with our own MRZ parser and wins, the typed
fields fill what the zone lacks (issue date) or stand in when there is no zone.
"""

from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from django.conf import settings

from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse, ProviderTimeout, ProviderUnavailable
from integrations.registry import ConfigField

from .. import mrz
from ..exceptions import DocumentNotRead
from .base import BaseOcrProvider, empty_extracted, extracted_from_mrz_lines

FIELD_MAP = {
    "FIRST_NAME": "first_name",
    "LAST_NAME": "last_name",
    "MIDDLE_NAME": "middle_name",
    "DOCUMENT_NUMBER": "document_number",
    "EXPIRATION_DATE": "expiry_date",
    "DATE_OF_BIRTH": "date_of_birth",
    "DATE_OF_ISSUE": "issue_date",
}
DATE_FIELDS = {"expiry_date", "date_of_birth", "issue_date"}
AUTH_ERRORS = {
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
}
BUSY_ERRORS = {
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "InternalServerError",
    "ServiceUnavailableException",
    "LimitExceededException",
}
DOCUMENT_ERRORS = {
    "UnsupportedDocumentException",
    "BadDocumentException",
    "InvalidParameterException",
    "DocumentTooLargeException",
}


class TextractOcr(BaseOcrProvider):
    name = "textract"
    label = "AWS Textract (AnalyzeID)"
    config_fields = (
        ConfigField("region", required=True, default="eu-west-1", env="AWS_REGION", help="e.g. eu-west-1"),
        ConfigField("access_key_id", required=True, env="AWS_ACCESS_KEY_ID", help="IAM key with textract:AnalyzeID"),
        ConfigField("secret_access_key", required=True, secret=True, env="AWS_SECRET_ACCESS_KEY"),
        ConfigField("endpoint_url", type="url", help="Only for a VPC endpoint or a test server."),
    )

    def __init__(self, *, hotel=None, config=None):
        super().__init__(hotel=hotel, config=config)
        self.client = boto3.session.Session().client(
            "textract",
            region_name=self.config.get("region") or "eu-west-1",
            aws_access_key_id=self.config.get("access_key_id"),
            aws_secret_access_key=self.config.get("secret_access_key"),
            endpoint_url=self.config.get("endpoint_url") or None,
            config=Config(
                connect_timeout=settings.INTEGRATION_CONNECT_TIMEOUT,
                read_timeout=settings.INTEGRATION_READ_TIMEOUT,
                # AnalyzeID reads; repeating it is safe. Two attempts, not botocore's default of more.
                retries={"mode": "standard", "max_attempts": 2},
            ),
        )

    def _error(self, cls, message=None):
        return cls(message, capability="ocr", provider=self.name)

    def extract_id_data(self, image: bytes, document_type: str = "passport", *, hint: dict | None = None) -> dict:
        try:
            response = self.client.analyze_id(DocumentPages=[{"Bytes": image}])
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in AUTH_ERRORS:
                raise self._error(ProviderAuthFailed) from None
            if code in BUSY_ERRORS:
                raise self._error(ProviderUnavailable) from None
            if code in DOCUMENT_ERRORS:
                raise DocumentNotRead() from None
            raise self._error(ProviderBadResponse) from None
        except NoCredentialsError:
            raise self._error(ProviderAuthFailed) from None
        except (ReadTimeoutError, ConnectTimeoutError):
            raise self._error(ProviderTimeout) from None
        except EndpointConnectionError:
            raise self._error(ProviderUnavailable) from None
        except BotoCoreError:
            raise self._error(ProviderBadResponse) from None
        try:
            return self._extracted(response, document_type)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise self._error(ProviderBadResponse) from None

    def _extracted(self, response: dict, document_type: str) -> dict:
        documents = response["IdentityDocuments"]
        if not documents:
            raise DocumentNotRead()
        fields, confidences, zone = {}, [], None
        for item in documents[0]["IdentityDocumentFields"]:
            kind = item["Type"]["Text"]
            detection = item.get("ValueDetection") or {}
            text = (detection.get("Text") or "").strip()
            if not text:
                continue
            if kind == "MRZ_CODE":
                zone = mrz.find_mrz_lines(text)
                continue
            name = FIELD_MAP.get(kind)
            if name is None:
                continue
            if name in DATE_FIELDS:
                text = ((detection.get("NormalizedValue") or {}).get("Value") or text)[:10]
            fields[name] = text.title() if name.endswith("_name") else text
            confidences.append(float(detection.get("Confidence", 0.0)) / 100.0)
        confidence = sum(confidences) / len(confidences) if confidences else 0.0
        if zone:
            data = extracted_from_mrz_lines(
                zone, document_type=document_type, provider=self.name, confidence=confidence
            )
            data["issue_date"] = data.get("issue_date") or fields.get("issue_date")
            return data
        if not (fields.get("last_name") and fields.get("document_number")):
            raise DocumentNotRead()
        data = empty_extracted(document_type, self.name)
        data.update(fields)
        data["confidence"] = round(confidence, 3)
        data["read_from"] = "visual_zone"
        return data

    def health_check(self) -> bool:
        return bool(self.config.get("access_key_id") and self.config.get("secret_access_key"))
