"""`azure_vision`: Azure AI Vision Image Analysis 4.0, READ (POST
{endpoint}/computervision/imageanalysis:analyze?api-version=2023-10-01&features=read, key in
`Ocp-Apim-Subscription-Key`). The lines read go through the shared MRZ finder and parser.
"""

from __future__ import annotations

from azure.ai.vision.imageanalysis import ImageAnalysisClient
from azure.ai.vision.imageanalysis.models import VisualFeatures
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceRequestTimeoutError,
    ServiceResponseError,
    ServiceResponseTimeoutError,
)
from django.conf import settings

from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse, ProviderTimeout, ProviderUnavailable
from integrations.registry import ConfigField

from ..exceptions import DocumentNotRead
from .base import BaseOcrProvider, extracted_from_text


class AzureVisionOcr(BaseOcrProvider):
    name = "azure_vision"
    label = "Azure AI Vision (Image Analysis READ)"
    config_fields = (
        ConfigField(
            "endpoint",
            type="url",
            required=True,
            env="AZURE_VISION_ENDPOINT",
            help="https://<resource>.cognitiveservices.azure.com",
        ),
        ConfigField("key", required=True, secret=True, env="AZURE_VISION_KEY"),
    )

    def __init__(self, *, hotel=None, config=None):
        super().__init__(hotel=hotel, config=config)
        self.client = ImageAnalysisClient(
            endpoint=self.config["endpoint"],
            credential=AzureKeyCredential(self.config["key"]),
            connection_timeout=settings.INTEGRATION_CONNECT_TIMEOUT,
            read_timeout=settings.INTEGRATION_READ_TIMEOUT,
            retry_total=1,  # one retry of a 408/429/5xx (the SDK honours Retry-After), then we answer
            retry_backoff_factor=0.5,
        )

    def _error(self, cls, message=None):
        return cls(message, capability="ocr", provider=self.name)

    def extract_id_data(self, image: bytes, document_type: str = "passport", *, hint: dict | None = None) -> dict:
        try:
            result = self.client.analyze(image_data=image, visual_features=[VisualFeatures.READ], language="en")
        except ClientAuthenticationError:
            raise self._error(ProviderAuthFailed) from None
        except (ServiceRequestTimeoutError, ServiceResponseTimeoutError):
            raise self._error(ProviderTimeout) from None
        except (ServiceRequestError, ServiceResponseError):
            raise self._error(ProviderUnavailable) from None
        except HttpResponseError as exc:
            status = exc.status_code or 0
            if status in (401, 403):
                raise self._error(ProviderAuthFailed) from None
            if status == 429 or status >= 500:
                raise self._error(ProviderUnavailable) from None
            if status == 400:
                raise DocumentNotRead() from None
            raise self._error(ProviderBadResponse) from None
        except (ValueError, KeyError, TypeError):
            raise self._error(ProviderBadResponse) from None
        read = getattr(result, "read", None)
        if read is None:
            raise self._error(ProviderBadResponse, "The READ result is missing from the answer.")
        lines, confidences = [], []
        for block in read.blocks or []:
            for line in block.lines or []:
                lines.append(line.text)
                confidences.extend(w.confidence for w in (line.words or []) if w.confidence is not None)
        if not lines:
            raise DocumentNotRead()
        confidence = sum(confidences) / len(confidences) if confidences else 0.0
        return extracted_from_text(
            "\n".join(lines), document_type=document_type, provider=self.name, confidence=confidence
        )

    def health_check(self) -> bool:
        return bool(self.config.get("endpoint") and self.config.get("key"))
