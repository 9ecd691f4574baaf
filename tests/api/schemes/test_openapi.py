"""The schemes routes in /openapi.json (issue 10, "Documentation"): the four engine routes with
their request shapes and the four-key envelope."""

import pytest

from api.schemes.schemes_support import ROUTES

ENVELOPE = {"status", "message", "body", "server_message"}


@pytest.fixture(scope="module")
def doc(sc):
    resp = sc.get("/openapi.json")
    assert resp.status_code == 200
    return resp.json()


def resolve(doc, node):
    """Follows local $refs ("#/components/schemas/X")."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        seen += 1
        assert seen < 20, node
        target = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def properties(doc, schema) -> set:
    """Property names of a schema, through $ref, allOf, oneOf and anyOf."""
    schema = resolve(doc, schema)
    names = set((schema or {}).get("properties", {}))
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            names |= properties(doc, part)
    if schema.get("type") == "array" and "items" in schema:
        names |= properties(doc, schema["items"])
    return names


def json_schema(doc, holder) -> dict:
    holder = resolve(doc, holder)
    content = holder.get("content", {})
    media = content.get("application/json")
    assert media is not None and "schema" in media, holder
    return media["schema"]


@pytest.mark.parametrize("route", ROUTES)
def test_route_is_documented_with_request_and_envelope(doc, route):
    path = f"/api/schemes/{route}"
    assert path in doc["paths"], sorted(doc["paths"])
    post = doc["paths"][path]["post"]
    request = properties(doc, json_schema(doc, post["requestBody"]))
    expected = {"get_items": {"model_name", "requested_data", "query_filters", "per_page",
                              "cursor"},
                "create_items": {"model_name", "object_values", "reference", "requested_data"},
                "update_items": {"model_name", "query_filters", "update_type", "object_values",
                                 "reference"},
                "delete_items": {"model_name", "object_values", "reference"}}[route]
    assert expected <= request, request
    responses = post["responses"]
    success = "200" if route == "get_items" else "201"
    assert success in responses, responses
    assert ENVELOPE <= properties(doc, json_schema(doc, responses[success]))
    errors = [code for code in responses if code.startswith("4")]
    assert errors, responses
    assert any(ENVELOPE <= properties(doc, json_schema(doc, responses[c])) for c in errors)
