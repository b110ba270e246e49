"""Content negotiation with a fast path for what nearly every client sends.

Guest apps send no Accept header, `*/*` or `application/json`: the answer is the view's first
renderer (JSON) without DRF parsing media types on every request of the hot paths. Anything else
(another media type, `?format=`, a format suffix, the schema's YAML) takes DRF's full negotiation.
"""

from rest_framework.negotiation import DefaultContentNegotiation

_ANYTHING = {"", "*/*"}


class FastJSONNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        accept = request.META.get("HTTP_ACCEPT", "")
        if format_suffix is None and renderers and self.settings.URL_FORMAT_OVERRIDE not in request.query_params:
            first = renderers[0]
            if accept in _ANYTHING or (accept == "application/json" and first.media_type == accept):
                return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)
