"""django-csp's middleware, with the policy string built once instead of on every response.

django-csp rebuilds the header from settings twice per response (the policy and the report-only
policy): about a quarter of the cost of a small API answer. That string only changes with the
settings, a nonce (admin pages that use `request.csp_nonce`) or a per-view override (`@csp_update`
and friends). A response with none of these gets the policy built once per process (and again after
a settings change, in tests); every other response takes django-csp's own path.
"""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# Set on a response by django-csp's decorators: any of them means "build it for this response".
_PER_RESPONSE = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro",
    "_csp_exempt", "_csp_exempt_ro",
)  # fmt: skip
_SETTING = {HEADER: "CONTENT_SECURITY_POLICY", HEADER_REPORT_ONLY: "CONTENT_SECURITY_POLICY_REPORT_ONLY"}
_built: dict[str, str] = {}


@receiver(setting_changed)
def _forget_built_policies(setting, **kwargs):
    if setting in _SETTING.values():
        _built.clear()


def _policies() -> dict[str, str]:
    if not _built:
        _built[HEADER] = build_policy()
        _built[HEADER_REPORT_ONLY] = build_policy(report_only=True)
    return _built


class CachedPolicyCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # django-csp leaves Django's debug pages alone
        for header, policy in _policies().items():
            prefixes = (getattr(settings, _SETTING[header], None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if policy and header not in response and not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp does: a nonce asked for once the header is written is an error, not a silent hole.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
