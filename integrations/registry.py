"""The provider registry: (capability, name) -> provider class.

The integrations app knows no vendor. Each domain app registers its own providers from its
`apps.py` `ready()` (stays registers the PMS providers, payments the payment providers, ...).
A provider class declares `name`, `label` and `config_fields`; the per-hotel record stores the
chosen name and a JSON config validated against those fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

# Formats shared by providers' field declarations (`pattern=`), matched against the whole value.
E164 = r"\+[1-9][0-9]{6,14}"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# No text setting may carry control characters (NUL, newlines, escapes): they end up in HTTP headers,
# URLs and log lines of the vendors' calls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_TEXT_LENGTH = 4096


class Capability(StrEnum):
    PMS = "pms"
    PAYMENT = "payment"
    DIGITAL_KEY = "digital_key"
    SPA = "spa"
    OCR = "ocr"
    CONCIERGE = "concierge"
    EMAIL = "email"
    SMS = "sms"
    PUSH = "push"


class ConfigError(ValueError):
    """A provider config does not match its declaration. `errors` maps field -> message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class ConfigField:
    name: str
    type: str = "str"  # str | int | float | bool | url | choice | json | phone (E.164)
    required: bool = False
    default: Any = None
    secret: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    env: str = ""  # settings name whose value is the default for hotels that have not chosen
    pattern: str = ""  # a regular expression the whole (text) value must match
    pattern_help: str = ""  # what the pattern expects, for the error message ("AC + 32 hex characters")

    def _check_text(self, value: str) -> str:
        if _CONTROL.search(value):
            raise ConfigError({self.name: "must not contain control characters"})
        if len(value) > MAX_TEXT_LENGTH:
            raise ConfigError({self.name: f"must be at most {MAX_TEXT_LENGTH} characters"})
        pattern = E164 if self.type == "phone" and not self.pattern else self.pattern
        if pattern and not re.fullmatch(pattern, value):
            expected = self.pattern_help or ("an E.164 number such as +33612345678" if self.type == "phone" else "")
            raise ConfigError({self.name: f"must be {expected}" if expected else "has an invalid format"})
        return value

    def coerce(self, value):
        if value is None or value == "":
            return None
        try:
            if self.type == "int":
                if isinstance(value, bool):
                    raise ValueError
                return int(value)
            if self.type == "float":
                if isinstance(value, bool):
                    raise ValueError
                number = float(value)
                if number != number or number in (float("inf"), float("-inf")):
                    raise ValueError
                return number
            if self.type == "bool":
                if isinstance(value, bool):
                    return value
                lowered = str(value).strip().lower()
                if lowered in {"1", "true", "yes", "on"}:
                    return True
                if lowered in {"0", "false", "no", "off"}:
                    return False
                raise ValueError
            if self.type == "choice":
                if value not in self.choices:
                    raise ValueError
                return value
            if self.type == "json":
                if not isinstance(value, dict | list):
                    raise ValueError
                return value
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise TypeError
            value = str(value).strip()
            if self.type == "url":
                parts = urlsplit(value)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise ValueError
                value = value.rstrip("/")
            return self._check_text(value)
        except ConfigError:
            raise
        except (TypeError, ValueError, OverflowError):
            expected = f"one of {', '.join(self.choices)}" if self.type == "choice" else f"a valid {self.type}"
            raise ConfigError({self.name: f"must be {expected}"}) from None


@dataclass
class ProviderSpec:
    capability: Capability
    name: str
    label: str
    cls: type
    config_fields: tuple[ConfigField, ...] = field(default_factory=tuple)

    def field(self, name) -> ConfigField | None:
        return next((f for f in self.config_fields if f.name == name), None)

    @property
    def secret_fields(self) -> set[str]:
        return {f.name for f in self.config_fields if f.secret}

    def validate(self, config: dict | None) -> dict:
        """Coerce and check a config; unknown keys are refused so typos do not pass silently."""
        config = dict(config or {})
        errors: dict[str, str] = {}
        unknown = set(config) - {f.name for f in self.config_fields}
        for key in sorted(unknown):
            errors[key] = "is not a setting of this provider"
        cleaned: dict[str, Any] = {}
        for f in self.config_fields:
            try:
                value = f.coerce(config.get(f.name))
            except ConfigError as exc:
                errors.update(exc.errors)
                continue
            if value is None:
                value = f.default
            if value is None and f.required:
                errors[f.name] = "is required"
                continue
            if value is not None:
                cleaned[f.name] = value
        if errors:
            raise ConfigError(errors)
        return cleaned


_REGISTRY: dict[tuple[Capability, str], ProviderSpec] = {}


def register(capability: Capability | str, cls: type) -> type:
    """Register a provider class; it must define `name`, `label` and optionally `config_fields`."""
    capability = Capability(capability)
    spec = ProviderSpec(
        capability=capability,
        name=cls.name,
        label=getattr(cls, "label", cls.name),
        cls=cls,
        config_fields=tuple(getattr(cls, "config_fields", ())),
    )
    _REGISTRY[(capability, spec.name)] = spec
    return cls


def get_spec(capability: Capability | str, name: str) -> ProviderSpec:
    try:
        return _REGISTRY[(Capability(capability), name)]
    except (KeyError, ValueError):
        raise LookupError(f"No {capability} provider named {name!r}") from None


def providers_for(capability: Capability | str) -> list[ProviderSpec]:
    capability = Capability(capability)
    return sorted((s for (c, _), s in _REGISTRY.items() if c == capability), key=lambda s: s.name)


def unregister(capability: Capability | str, name: str) -> None:
    _REGISTRY.pop((Capability(capability), name), None)
