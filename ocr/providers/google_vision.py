"""`google_vision`: Google Cloud Vision `document_text_detection` (REST transport: POST
https://vision.googleapis.com/v1/images:annotate with feature DOCUMENT_TEXT_DETECTION = 11).

The page's text goes through the shared MRZ finder and parser (ocr.mrz), with the visual zone as
the fallback. The per-image `error` of a 200 answer is checked too.
"""

from __future__ import annotations

import json

import requests
from django.conf import settings
from google.api_core import exceptions as google_errors
from google.api_core.client_options import ClientOptions
from google.auth.exceptions import GoogleAuthError
from google.cloud import vision
from google.oauth2 import service_account
from google.protobuf import json_format

from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse, ProviderTimeout, ProviderUnavailable
from integrations.registry import ConfigField

from ..exceptions import DocumentNotRead
from .base import BaseOcrProvider, extracted_from_text

# google.rpc.Code values of a per-image error.
RPC_AUTH = {7, 16}  # PERMISSION_DENIED, UNAUTHENTICATED
RPC_BUSY = {8, 13, 14}  # RESOURCE_EXHAUSTED, INTERNAL, UNAVAILABLE
RPC_TIMEOUT = {4}  # DEADLINE_EXCEEDED


class GoogleVisionOcr(BaseOcrProvider):
    name = "google_vision"
    label = "Google Cloud Vision (document text detection)"
    config_fields = (
        ConfigField("api_key", secret=True, env="GOOGLE_VISION_API_KEY", help="An API key restricted to Vision."),
        ConfigField("credentials_json", secret=True, help="Or a service account key (JSON), instead of an API key."),
        ConfigField(
            "api_endpoint", default="vision.googleapis.com", help="Regional endpoint, e.g. eu-vision.googleapis.com"
        ),
    )

    def __init__(self, *, hotel=None, config=None):
        super().__init__(hotel=hotel, config=config)
        options = ClientOptions(api_endpoint=self.config.get("api_endpoint") or "vision.googleapis.com")
        credentials = None
        # Unusable credentials are reported when the provider is called (ocr_auth_failed), not here.
        self.credentials_problem = ""
        if self.config.get("credentials_json"):
            try:
                info = json.loads(self.config["credentials_json"])
                credentials = service_account.Credentials.from_service_account_info(
                    info, scopes=["https://www.googleapis.com/auth/cloud-vision"]
                )
            except (ValueError, KeyError, GoogleAuthError):
                self.credentials_problem = "The Google service account key of this hotel is not valid."
        elif self.config.get("api_key"):
            options.api_key = self.config["api_key"]
        else:
            self.credentials_problem = "This hotel has no Google Vision API key or service account key."
        if self.credentials_problem:
            options.api_key = "missing"  # a client that is never called; keeps ADC lookups out of it
            credentials = None
        self.client = vision.ImageAnnotatorClient(transport="rest", credentials=credentials, client_options=options)

    def _error(self, cls, message=None):
        return cls(message, capability="ocr", provider=self.name)

    def extract_id_data(self, image: bytes, document_type: str = "passport", *, hint: dict | None = None) -> dict:
        if self.credentials_problem:
            raise self._error(ProviderAuthFailed, self.credentials_problem)
        try:
            response = self.client.document_text_detection(
                image=vision.Image(content=image),
                image_context={"language_hints": ["en"]},
                retry=None,  # one attempt: a guest is waiting; they can send the photo again
                timeout=settings.INTEGRATION_CONNECT_TIMEOUT + settings.INTEGRATION_READ_TIMEOUT,
            )
        except (
            google_errors.Unauthenticated,
            google_errors.PermissionDenied,
            google_errors.Unauthorized,
            google_errors.Forbidden,
            GoogleAuthError,
        ):
            raise self._error(ProviderAuthFailed) from None
        except (
            google_errors.TooManyRequests,
            google_errors.ResourceExhausted,
            google_errors.ServerError,
            requests.ConnectionError,
        ):
            raise self._error(ProviderUnavailable) from None
        except (google_errors.DeadlineExceeded, requests.Timeout):
            raise self._error(ProviderTimeout) from None
        except (google_errors.InvalidArgument, google_errors.BadRequest):
            raise DocumentNotRead() from None
        except (google_errors.GoogleAPICallError, json_format.Error, ValueError):
            raise self._error(ProviderBadResponse) from None
        if response.error.code:
            code = response.error.code
            cls = (
                ProviderAuthFailed
                if code in RPC_AUTH
                else ProviderUnavailable
                if code in RPC_BUSY
                else ProviderTimeout
                if code in RPC_TIMEOUT
                else None
            )
            if cls is None:
                raise DocumentNotRead()
            raise self._error(cls)
        annotation = response.full_text_annotation
        text = annotation.text or (response.text_annotations[0].description if response.text_annotations else "")
        if not text:
            raise DocumentNotRead()
        pages = [p.confidence for p in annotation.pages if p.confidence]
        confidence = sum(pages) / len(pages) if pages else 0.9
        return extracted_from_text(text, document_type=document_type, provider=self.name, confidence=confidence)

    def health_check(self) -> bool:
        return not self.credentials_problem
