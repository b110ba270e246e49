#!/usr/bin/env python3
"""Re-extract fixtures/vendor_specs/: the vendors' published schemas for the operations our PMS
connectors use, trimmed to those operations (and everything they reference).

    scripts/extract_vendor_specs.py \
        --oracle    /work/.mirror/oracle+hospitality-api-docs/repo \
        --mews      /work/.mirror/MewsSystems+gitbook-connector-api/repo \
        --cloudbeds /work/.mirror/cloudbeds+openapi-specs/repo

Each path is a checkout or a bare git directory (a mirror) of the vendor's public GitHub repository:
oracle/hospitality-api-docs, MewsSystems/gitbook-connector-api, cloudbeds/openapi-specs. Any of the
three may be left out to refresh only the others. Descriptions and examples are dropped from the
OpenAPI documents (only names, types, enums and required flags matter to the contract tests); the Mews
Markdown reference is turned into JSON Schema (optional fields may be null) with its examples kept.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "vendor_specs"

# OHIP: spec file -> [(path, method)] the `opera` connector and the mock OPERA server use.
OHIP_OPERATIONS = {
    "oauth": [("/tokens", "post")],
    "rsv": [("/hotels/{hotelId}/reservations", "get"), ("/hotels/{hotelId}/reservations/{reservationId}", "get")],
    "fof": [
        ("/hotels/{hotelId}/reservations/{reservationId}/roomAssignments", "post"),
        ("/hotels/{hotelId}/reservations/{reservationId}/checkIns", "post"),
    ],
    "csh": [
        ("/hotels/{hotelId}/reservations/{reservationId}/folios", "get"),
        ("/hotels/{hotelId}/reservations/{reservationId}/checkOuts", "post"),
    ],
    "crm": [("/profiles/{profileId}", "get"), ("/profiles/{profileId}", "put")],
}
# Mews: operation -> the Markdown file documenting it (operations/<file>.md).
MEWS_OPERATIONS = {
    "reservations/getAll/2023-06-06": "reservations",
    "reservations/update": "reservations",
    "reservations/start": "reservations",
    "reservations/process": "reservations",
    "customers/getAll": "customers",
    "customers/update": "customers",
    "resources/getAll": "resources",
    "resourceCategories/getAll": "resourcecategories",
    "orderItems/getAll": "orderitems",
    "payments/getAll": "payments",
    "configuration/get": "configuration",
}
# Where the Mews reference contradicts itself (its generator merges tables), the documented example
# request/response decides: (section, property) pairs taken out of `required`.
MEWS_ERRATA = {
    # The request table of reservations/update repeats the per-reservation fields at the root, and
    # "Reservation updates" repeats the root's tokens; the example nests them as ReservationUpdates[].
    ("reservations/update#request", "ReservationId"): "per reservation, in ReservationUpdates[]",
    ("reservations.md:reservation-updates", "ClientToken"): "a root field",
    ("reservations.md:reservation-updates", "AccessToken"): "a root field",
    ("reservations.md:reservation-updates", "Client"): "a root field",
    # The documented resourceCategories/getAll example has no Classification.
    ("resources.md:resource-category", "Classification"): "absent from the documented example",
}
# Answers whose documented example contradicts their table (the table would reject Mews' own example);
# left unchecked, with the reason. We do not read them.
MEWS_UNCHECKED = {
    "reservations/update#response": "the example is the 2017 reservation shape, not the table's",
}
CLOUDBEDS = {
    "pms-v1.3": (
        "src/pms-v1.3-openapi.yaml",
        [
            ("/getReservation", "get"),
            ("/getReservations", "get"),
            ("/putReservation", "put"),
            ("/putGuest", "put"),
            ("/getRooms", "get"),
            ("/postRoomAssign", "post"),
            ("/getHotelDetails", "get"),
        ],
    ),
    "accounting-v1.0": ("src/accounting-v1.0-openapi.json", [("/accounting/v1.0/transactions", "post")]),
}
DROP_KEYS = {"description", "example", "examples", "x-example", "summary", "externalDocs", "title"}


class Source:
    """Files of a repository, from a work tree or a bare git directory."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.bare = not (self.path / ".git").exists() and (self.path / "HEAD").exists()

    def _git(self, *args) -> str:
        flag = ["--git-dir", str(self.path)] if self.bare else ["-C", str(self.path)]
        # git from PATH with fixed arguments and the operator's own path: nothing untrusted runs.
        return subprocess.run(["git", *flag, *args], check=True, capture_output=True, text=True).stdout  # noqa: S603, S607

    def read(self, name: str) -> str:
        if self.bare:
            return self._git("show", f"HEAD:{name}")
        return (self.path / name).read_text(encoding="utf-8")

    def names(self, prefix: str) -> list[str]:
        if self.bare:
            return [n for n in self._git("ls-tree", "-r", "--name-only", "HEAD", prefix).splitlines() if n]
        return [str(p.relative_to(self.path)) for p in (self.path / prefix).rglob("*") if p.is_file()]

    def commit(self) -> str:
        try:
            return self._git("rev-parse", "HEAD").strip()
        except (subprocess.CalledProcessError, FileNotFoundError):
            return "unknown"


# -- OpenAPI / Swagger trimming ----------------------------------------------------------------------
def strip(node, *, keep_title=False):
    """Drop prose (descriptions, examples) but keep everything a validator reads."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in DROP_KEYS and not (key == "title" and keep_title):
                # A property may be *named* description/title/example: keep properties' names.
                if not isinstance(value, dict) or "type" not in value and "$ref" not in value:
                    continue
            out[key] = strip(value)
        return out
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/"):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def trim(doc: dict, operations, *, keep_top=()) -> dict:
    """The document with only `operations` in `paths` and the components they reach."""
    out = {k: doc[k] for k in keep_top if k in doc}
    out["paths"] = {}
    for path, method in operations:
        item = doc["paths"][path]
        out["paths"].setdefault(path, {})[method] = item[method]
        if "parameters" in item:
            out["paths"][path]["parameters"] = item["parameters"]
    todo, seen = list(refs(out["paths"])), set()
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        parts = ref[2:].split("/")
        node, target = doc, out
        for i, part in enumerate(parts):
            node = node[part]
            if i < len(parts) - 1:
                target = target.setdefault(part, {})
        target[parts[-1]] = node
        todo.extend(refs(node))
    return strip(out)


def extract_ohip(source: Source) -> dict:
    versions = {}
    for name, operations in OHIP_OPERATIONS.items():
        doc = json.loads(source.read(f"rest-api-specs/property/{name}.json"))
        versions[name] = doc["info"]["version"]
        trimmed = trim(doc, operations, keep_top=("swagger", "info", "basePath", "produces", "consumes"))
        trimmed["info"] = {"title": doc["info"].get("title"), "version": doc["info"]["version"]}
        write(f"ohip/{name}.json", trimmed)
    (OUT / "ohip" / "LICENSE.txt").write_text(source.read("LICENSE.txt"), encoding="utf-8")
    return versions


def extract_cloudbeds(source: Source) -> dict:
    versions = {}
    for name, (path, operations) in CLOUDBEDS.items():
        text = source.read(path)
        doc = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
        versions[name] = doc["info"]["version"]
        trimmed = trim(doc, operations, keep_top=("openapi", "info", "servers", "security"))
        trimmed["info"] = {"title": doc["info"].get("title"), "version": doc["info"]["version"]}
        if "securitySchemes" in doc.get("components", {}):
            trimmed.setdefault("components", {})["securitySchemes"] = doc["components"]["securitySchemes"]
        write(f"cloudbeds/{name}.json", trimmed)
    (OUT / "cloudbeds" / "LICENSE").write_text(source.read("LICENSE"), encoding="utf-8")
    return versions


# -- Mews Markdown -> JSON Schema --------------------------------------------------------------------
def slug(text: str) -> str:
    text = re.sub(r"~~|`", "", text).strip().lower()
    return re.sub(r"\s+", "-", re.sub(r"[^a-z0-9 \-]", "", text))


LINK = re.compile(r"\[([^\]]+)\]\(([^)]*)\)")
PRIMITIVES = {"string": "string", "boolean": "boolean", "number": "number", "integer": "integer", "object": "object"}


class MewsDocs:
    """All headed sections of the Mews reference: tables become object schemas, bullet lists enums."""

    def __init__(self, source: Source):
        self.sections: dict[str, dict] = {}  # "file#anchor" -> {"rows": [...], "enum": [...], "lines": [...]}
        self.operations: dict[str, dict] = {}
        files = [n for n in source.names("operations") if n.endswith(".md")] + ["guidelines/pagination.md"]
        for name in files:
            self._parse(Path(name).name, source.read(name))
        self.responses_md = source.read("guidelines/responses.md")

    def _parse(self, file: str, text: str) -> None:
        current, op, part = None, None, None
        for line in text.splitlines():
            heading = re.match(r"^(#{2,4})\s+(.*)$", line)
            if heading:
                level, title = len(heading.group(1)), heading.group(2).strip()
                if level == 2:
                    op, part, current = {"title": title}, None, None
                    continue
                if level == 3 and title in ("Request", "Response") and op is not None:
                    part = title.lower()
                    current = op.setdefault(part, {"rows": [], "enum": [], "lines": []})
                    continue
                key = f"{file}:{slug(title)}"
                # The first section of a name is the one links reach (later ones: throwaway).
                current = {"rows": [], "enum": [], "lines": []}
                self.sections.setdefault(key, current)
                continue
            if current is None:
                continue
            url = re.search(r"/api/connector/v1/([A-Za-z]+/[A-Za-z0-9/\-]+)`", line)
            if url and op is not None and part == "request":
                self.operations[url.group(1)] = op
            current["lines"].append(line)
            if line.startswith("| `") or line.startswith("| ~~`"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if len(cells) >= 3:
                    current["rows"].append(cells)
            elif m := re.match(r"^\s*[*-]\s+`([^`]+)`", line):
                current["enum"].append(m.group(1))

    def example(self, section: dict):
        text = "\n".join(section["lines"])
        block = re.search(r"```(?:javascript|json)?\n(.*?)```", text, re.S)
        if not block:
            return None
        try:
            return json.loads(block.group(1))
        except ValueError:
            return None


def mews_schemas(docs: MewsDocs) -> dict:
    definitions: dict[str, dict] = {}

    def link_target(href: str, file: str) -> str:
        path, _, anchor = href.partition("#")
        return f"{Path(path).name if path else file}:{anchor}"

    def type_schema(text: str, file: str) -> dict:
        text = text.replace("~~", "").strip()
        array = re.match(r"^array of (.*)$", text)
        if array:
            return {"type": "array", "items": type_schema(array.group(1), file)}
        link = LINK.search(text)
        if link:
            key = link_target(link.group(2), file)
            if key in docs.sections:
                build(key)
                return {"$ref": f"#/definitions/{key}"}
            return {}
        word = text.split()[0].rstrip("s") if text else ""
        return {"type": PRIMITIVES[word]} if word in PRIMITIVES else {}

    def object_schema(rows, file: str, key: str) -> dict:
        properties, required = {}, []
        for cells in rows:
            name = cells[0].replace("~~", "").strip("`")
            contract = cells[2].replace("~~", "")
            schema = type_schema(cells[1], file)
            if m := re.search(r"max (\d+) items?", contract):
                schema = {**schema, "maxItems": int(m.group(1))}
            if contract.startswith("required") and (key, name) not in MEWS_ERRATA:
                # Present, but Mews' own examples show required fields holding null.
                required.append(name)
                properties[name] = {"anyOf": [schema, {"type": "null"}]} if schema else {}
            else:  # optional: may be left out, or null
                properties[name] = {"anyOf": [schema, {"type": "null"}]} if schema else {}
        out = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        return out

    def build(key: str) -> None:
        if key in definitions:
            return
        definitions[key] = {}  # placeholder: breaks cycles
        section = docs.sections[key]
        file = key.split(":")[0]
        if section["rows"]:
            definitions[key] = object_schema(section["rows"], file, key)
        elif section["enum"]:
            definitions[key] = {"enum": section["enum"]}

    operations = {}
    for operation, file in MEWS_OPERATIONS.items():
        op = docs.operations[operation]
        md = f"{file}.md"
        operations[operation] = {
            "title": op["title"],
            "request": object_schema(op["request"]["rows"], md, f"{operation}#request"),
            "response": {}
            if f"{operation}#response" in MEWS_UNCHECKED
            else object_schema(op.get("response", {}).get("rows", []), md, f"{operation}#response"),
            "examples": {
                "request": docs.example(op["request"]),
                "response": docs.example(op["response"]) if "response" in op else None,
            },
        }
    error_rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in docs.responses_md.split("## Error response details", 1)[1].splitlines()
        if line.startswith("| `")
    ]
    return {
        "operations": operations,
        "error": object_schema(error_rows, "responses.md", "error"),
        "errata": [f"{section} {name}: {why}" for (section, name), why in MEWS_ERRATA.items()]
        + [f"{section} unchecked: {why}" for section, why in MEWS_UNCHECKED.items()],
        "definitions": definitions,
    }


def extract_mews(source: Source) -> dict:
    docs = MewsDocs(source)
    write("mews/connector-api.json", {"$schema": "http://json-schema.org/draft-07/schema#", **mews_schemas(docs)})
    return {}


def write(name: str, data: dict) -> None:
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", help="oracle/hospitality-api-docs checkout or bare mirror")
    parser.add_argument("--mews", help="MewsSystems/gitbook-connector-api checkout or bare mirror")
    parser.add_argument("--cloudbeds", help="cloudbeds/openapi-specs checkout or bare mirror")
    args = parser.parse_args(argv)
    if not (args.oracle or args.mews or args.cloudbeds):
        parser.error("give at least one of --oracle, --mews, --cloudbeds")
    manifest_path = OUT / "SOURCES.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for key, path, extract, repo, licence in (
        ("ohip", args.oracle, extract_ohip, "oracle/hospitality-api-docs", "Universal Permissive License 1.0"),
        ("mews", args.mews, extract_mews, "MewsSystems/gitbook-connector-api", "no licence file in the repository"),
        ("cloudbeds", args.cloudbeds, extract_cloudbeds, "cloudbeds/openapi-specs", "MIT"),
    ):
        if not path:
            continue
        source = Source(path)
        versions = extract(source)
        manifest[key] = {"repository": f"https://github.com/{repo}", "commit": source.commit(),
                         "spec_versions": versions, "licence": licence}  # fmt: skip
        print(f"{key}: {repo} @ {manifest[key]['commit'][:12]} {versions or ''}")
    write("SOURCES.json", manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
