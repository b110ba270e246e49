"""The PMS vendors' published schemas, for checking requests and answers against them.

The schemas are trimmed copies kept in fixtures/vendor_specs/ (sources, versions and licences in
SOURCES.json there; `scripts/extract_vendor_specs.py` re-extracts them): OHIP's Swagger 2.0 documents,
Cloudbeds' OpenAPI 3.0 documents, and JSON Schema built from the Mews Connector API reference. The mock
OPERA server validates what it receives with them (as OHIP does), and the contract tests validate the
mock's answers and the connector tests' recorded vendor answers.

Each `*_errors` function returns a list of human-readable problems (empty: conforms), or None when the
operation is not one of ours (nothing to check against).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, Draft7Validator, validators
from jsonschema import _keywords as keywords
from jsonschema.exceptions import best_match

SPEC_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "vendor_specs"
OHIP_SPECS = ("oauth", "rsv", "fof", "csh", "crm")
CLOUDBEDS_SPECS = {"pms-v1.3": "/api/v1.3", "accounting-v1.0": ""}
MEWS_PREFIX = "/api/connector/v1/"


@cache
def document(vendor: str, name: str) -> dict:
    return json.loads((SPEC_DIR / vendor / f"{name}.json").read_text(encoding="utf-8"))


def _max_length(validator, value, instance, schema):
    # OHIP declares some dates `format: date` with `maxLength: 8`, which no ISO date (its own answers
    # included) meets: the format wins.
    if schema.get("format") in ("date", "date-time"):
        return
    yield from keywords.maxLength(validator, value, instance, schema)


OhipValidator = validators.extend(Draft4Validator, {"maxLength": _max_length})


def _messages(validator, instance) -> list[str]:
    out = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        # anyOf (Mews' optional = "or null"): the reason is in the closest sub-error.
        while error.context:
            real = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == 0]
            error = best_match(real or error.context)
        out.append(f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message[:200]}")
    return out


def _template(path: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


@cache
def _ohip_routes() -> list[tuple[re.Pattern, str, str, str]]:
    routes = []
    for name in OHIP_SPECS:
        doc = document("ohip", name)
        for path, item in doc["paths"].items():
            for method in item:
                if method != "parameters":
                    routes.append((_template(doc["basePath"] + path), method.upper(), name, path))
    return routes


def ohip_operation(method: str, url_path: str) -> tuple[str, dict] | None:
    """(spec name, operation object) for a concrete OHIP request path, if it is one we use."""
    for pattern, verb, name, path in _ohip_routes():
        if verb == method.upper() and pattern.match(url_path):
            return name, document("ohip", name)["paths"][path][method.lower()]
    return None


@cache
def _swagger_validator(name: str, schema_json: str) -> Draft4Validator:
    return OhipValidator({**json.loads(schema_json), "definitions": document("ohip", name)["definitions"]})


def _ohip_parameter(name: str, param: dict) -> dict:
    if "$ref" in param:
        return document("ohip", name)["parameters"][param["$ref"].rsplit("/", 1)[1]]
    return param


def ohip_request_errors(method: str, url_path: str, query: dict[str, list[str]], body) -> list[str] | None:
    """Query enums and the body schema of an OHIP request (headers are checked by the caller)."""
    found = ohip_operation(method, url_path)
    if found is None:
        return None
    name, operation = found
    problems = []
    for param in map(lambda p: _ohip_parameter(name, p), operation.get("parameters", [])):
        if param["in"] == "query":
            allowed = param.get("enum") or (param.get("items") or {}).get("enum")
            values = [v for raw in query.get(param["name"], []) for v in raw.split(",")]
            if param.get("type") == "array" and param.get("collectionFormat") == "multi":
                values = query.get(param["name"], [])
            if allowed:
                problems += [f"{param['name']}: {v!r} is not one of {allowed}" for v in values if v not in allowed]
            if param.get("type") == "integer":
                problems += [f"{param['name']}: {v!r} is not an integer" for v in values if not v.lstrip("-").isdigit()]
        elif param["in"] == "body":
            if body is None:
                if param.get("required"):
                    problems.append(f"{param['name']}: a JSON body is required")
                continue
            validator = _swagger_validator(name, json.dumps(param["schema"], sort_keys=True))
            problems += _messages(validator, body)
    return problems


def ohip_response_errors(method: str, url_path: str, status: int, body) -> list[str] | None:
    """The answer's status is one OHIP declares for the operation, and its body matches the schema."""
    found = ohip_operation(method, url_path)
    if found is None:
        return None
    name, operation = found
    declared = operation["responses"].get(str(status))
    if declared is None:
        return [f"HTTP {status} is not a status OHIP declares for {operation.get('operationId')}"]
    if "$ref" in declared:
        declared = document("ohip", name)["responses"][declared["$ref"].rsplit("/", 1)[1]]
    schema = declared.get("schema")
    if schema is None:
        # 204 means no body; for an error status without a declared schema any body goes.
        return [f"HTTP {status} carries no body in OHIP's spec"] if status == 204 and body not in (None, "") else []
    if body is None:
        return [f"HTTP {status} must carry a body"] if status < 400 else []
    return _messages(_swagger_validator(name, json.dumps(schema, sort_keys=True)), body)


# -- Cloudbeds ---------------------------------------------------------------------------------------
@cache
def _oas30_validator(name: str, schema_json: str):
    from openapi_schema_validator import OAS30Validator

    return OAS30Validator({**json.loads(schema_json), "components": document("cloudbeds", name)["components"]})


def cloudbeds_response_errors(method: str, url_path: str, status: int, body) -> list[str] | None:
    for name, prefix in CLOUDBEDS_SPECS.items():
        doc = document("cloudbeds", name)
        for path, item in doc["paths"].items():
            operation = item.get(method.lower())
            if operation is None or not _template(prefix + path).match(url_path):
                continue
            declared = operation["responses"].get(str(status))
            if declared is None:
                return None if status >= 400 else [f"HTTP {status} is not declared for {path}"]
            content = (declared.get("content") or {}).get("application/json")
            if not content:
                return []
            return _messages(_oas30_validator(name, json.dumps(content["schema"], sort_keys=True)), body)
    return None


# -- Mews ----------------------------------------------------------------------------------------------
@cache
def _mews_validator(schema_json: str) -> Draft7Validator:
    return Draft7Validator({**json.loads(schema_json), "definitions": document("mews", "connector-api")["definitions"]})


def mews_operation(url_path: str) -> str | None:
    if MEWS_PREFIX not in url_path:
        return None
    operation = url_path.split(MEWS_PREFIX, 1)[1]
    return operation if operation in document("mews", "connector-api")["operations"] else None


def mews_errors(url_path: str, part: str, body, *, status: int = 200) -> list[str] | None:
    """`part`: "request" or "response" (an error status is checked against Mews' error object)."""
    operation = mews_operation(url_path)
    if operation is None:
        return None
    spec = document("mews", "connector-api")
    schema = spec["error"] if part == "response" and status >= 400 else spec["operations"][operation][part]
    if status == 204:
        return []
    return _messages(_mews_validator(json.dumps(schema, sort_keys=True)), body)


def mews_example(operation: str, part: str = "response") -> dict:
    """The example Mews documents for an operation (a deep copy, to build conforming fixtures from)."""
    return json.loads(json.dumps(document("mews", "connector-api")["operations"][operation]["examples"][part]))
