"""OpenAPI post-processing: every operation documents the error answers it can give, in the one
error shape of the API (`{"code", "message"}`), so clients and schema-driven tests know them."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "Stable snake_case error code."},
        "message": {"type": "string", "description": "Human-readable explanation."},
        "fields": {"type": "object", "description": "Per-field messages (validation errors only)."},
    },
}

DESCRIPTIONS = {
    "400": "Invalid request.",
    "401": "Missing, invalid or expired token.",
    "403": "The token does not allow this.",
    "404": "Not found.",
    "429": "Too many requests (see Retry-After).",
    "500": "Unexpected server error.",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["429", "500"]
            if any(operation.get("security") or []):  # public operations (lookup, login) have none
                codes += ["401", "403"]
            if "{" in path:
                codes.append("404")
            if method in ("post", "put", "patch") or operation.get("parameters"):
                codes.append("400")
            for code, response in operation["responses"].items():
                # Views declare errors inline as {code, message}: point them at the one Error schema.
                schema = (response.get("content") or {}).get("application/json", {}).get("schema", {})
                if set(schema.get("properties", {})) == {"code", "message"}:
                    response["content"] = ref
                    response["description"] = response.get("description") or DESCRIPTIONS.get(code, "Error.")
            for code in codes:
                operation["responses"].setdefault(code, {"description": DESCRIPTIONS[code], "content": ref})
    return result
