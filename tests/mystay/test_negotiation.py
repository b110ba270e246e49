"""The fast path of content negotiation answers exactly what DRF's own negotiation would."""

import pytest
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from mystay.api.negotiation import FastJSONNegotiation
from mystay.api.renderers import ORJSONRenderer


class YAMLFirst(JSONRenderer):  # the schema view lists a non-JSON renderer first
    media_type = "application/vnd.oai.openapi"
    format = "openapi"


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/html", "application/vnd.oai.openapi"])
@pytest.mark.parametrize("query", ["", "?format=json", "?format=api"])
@pytest.mark.parametrize("renderers", [[ORJSONRenderer(), BrowsableAPIRenderer()], [YAMLFirst(), ORJSONRenderer()]])
def test_same_choice_as_drf(accept, query, renderers):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}

    def choose(negotiation):
        request = Request(APIRequestFactory().get(f"/api/v1/guest/stay{query}", **headers))
        try:
            renderer, media_type = negotiation.select_renderer(request, renderers)
        except Exception as exc:  # e.g. 404 for an unknown ?format=, 406 for nothing acceptable
            return type(exc).__name__
        return type(renderer).__name__, media_type

    assert choose(FastJSONNegotiation()) == choose(DefaultContentNegotiation())


def test_the_fast_path_skips_drfs_parsing(monkeypatch):
    from rest_framework import negotiation

    monkeypatch.setattr(negotiation, "_MediaType", None)  # DRF's parser: unusable if reached
    request = Request(APIRequestFactory().get("/api/v1/guest/stay", HTTP_ACCEPT="application/json"))
    renderer, media_type = FastJSONNegotiation().select_renderer(request, [ORJSONRenderer()])
    assert isinstance(renderer, ORJSONRenderer) and media_type == "application/json"
