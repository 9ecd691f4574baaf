"""get_items (spec/beyo.md §2.2-2.5): the 18 operations on every column type they apply to,
the AND/OR grouping of §2.3, relationship paths and their join semantics, duplicates removed
before LIMIT, cursor paging, per_page, and projections. Rows are made through create_items
(test_create.py checks that on its own); each fixture tags its rows with a unique value."""

import pytest

from api.support import unique
from api.schemes.schemes_support import (ACQUIRED, DATA, EXCEPTION, VALIDATION, assert_error,
                                         assert_http_date, assert_ok, link, op)

NO_OBJECTS = "No objects found in model"


def names_of(ids_by_name: dict, ids: list) -> set:
    by_id = {v: k for k, v in ids_by_name.items()}
    return {by_id[i] for i in ids}


# --- a dataset for the operations --------------------------------------------------------------


@pytest.fixture(scope="module")
def items(sc, token):
    """Four items tagged by created_by. D leaves most columns NULL (or to their defaults)."""
    tag = unique("ops")
    rows = {
        "A": {"article_number": f"A-100-{tag}", "reference_number": f"r1-{tag}",
              "category": "Seating", "type": "Chair", "purchased_price": 100, "valuation": 150,
              "properties": {"Set Of": 4, "designer": "Eames", "tags": ["wood", "oak"]},
              "dimensions": {"height": 80, "width": 50},
              "issues": [{"type": "scratch", "level": 1}], "parts": [{"part": "leg", "count": 4}],
              "missing_parts": ["screw"], "state": "In-Stock", "location": "Warehouse",
              "images": ["a.jpg"]},
        "B": {"article_number": f"a-200-{tag}", "reference_number": f"r2-{tag}",
              "category": "seating", "type": "Sofa", "purchased_price": 200,
              "properties": {"designer": "Kjaerholm"}, "issues": [], "state": "Sold"},
        "C": {"article_number": f"B_300-{tag}", "category": "Tables", "type": "Table",
              "purchased_price": 300, "valuation": 300, "properties": {"Set Of": 2},
              "dimensions": {"height": 75},
              "issues": [{"type": "stain", "level": 2}, {"type": "scratch", "level": 3}],
              "state": "In-Standby", "location": "In-Dealer"},
        "D": {"article_number": f"b%400-{tag}", "reference_number": f"r4-{tag}",
              "purchased_price": 400, "valuation": None, "sold_price": None},
    }
    ids = {}
    for name, values in rows.items():  # in this order: A has the lowest id
        ids[name] = sc.new(token, "Item", created_by=tag, **values)
    return tag, ids, rows


@pytest.fixture(scope="module")
def notes(sc, token):
    """Three notes with explicit creation times (the timestamp operations)."""
    tag = unique("ts")
    times = {"N1": "2025-01-01T00:00:00Z", "N2": "2025-06-15T12:30:00Z",
             "N3": "2025-12-31T23:59:59Z"}
    ids = {name: sc.new(token, "Item_Note", note_content=f"{tag} {name}", creation_time=when)
           for name, when in times.items()}
    return tag, ids


def matched(sc, token, items, condition_filters) -> set:
    tag, ids, _ = items
    found = sc.ids(token, "Item", {"created_by": tag, **condition_filters})
    return names_of(ids, found)


def matched_notes(sc, token, notes, condition_filters) -> set:
    tag, ids = notes
    found = sc.ids(token, "Item_Note", {"note_content": op("like", f"{tag} %"),
                                        **condition_filters})
    return names_of(ids, found)


# --- == and shorthand --------------------------------------------------------------------------


def test_equality_on_int(sc, token, items):
    assert matched(sc, token, items, {"purchased_price": 200}) == {"B"}
    assert matched(sc, token, items, {"purchased_price": op("==", 200)}) == {"B"}
    assert matched(sc, token, items, {"purchased_price": "200"}) == {"B"}  # decimal digits
    assert matched(sc, token, items, {"id": items[1]["C"]}) == {"C"}


def test_equality_on_text_is_case_sensitive(sc, token, items):
    assert matched(sc, token, items, {"category": "Seating"}) == {"A"}
    assert matched(sc, token, items, {"category": op("==", "seating")}) == {"B"}


def test_equality_on_json_is_json_equality(sc, token, items):
    assert matched(sc, token, items, {"properties": op("==", {"designer": "Kjaerholm"})}) == {"B"}
    reordered = {"tags": ["wood", "oak"], "designer": "Eames", "Set Of": 4}
    assert matched(sc, token, items, {"properties": op("==", reordered)}) == {"A"}
    # An array is a scalar for a JSON column (§2.1): B wrote [], D got the default [].
    assert matched(sc, token, items, {"issues": []}) == {"B", "D"}
    assert matched(sc, token, items, {"missing_parts": ["screw"]}) == {"A"}


def test_equality_on_timestamp_in_every_format(sc, token, notes):
    for value in ("2025-06-15T12:30:00Z", "2025-06-15T14:30:00+02:00",
                  "Sun, 15 Jun 2025 12:30:00 GMT"):
        assert matched_notes(sc, token, notes, {"creation_time": value}) == {"N2"}, value


# --- != ----------------------------------------------------------------------------------------


def test_not_equal_never_matches_null(sc, token, items, notes):
    assert matched(sc, token, items, {"category": op("!=", "Seating")}) == {"B", "C"}
    assert matched(sc, token, items, {"valuation": op("!=", 150)}) == {"B", "C"}  # B: default 0
    assert matched_notes(sc, token, notes, {"creation_time": op("!=", "2025-06-15T12:30:00Z")}) \
        == {"N1", "N3"}


# --- ordering operations -----------------------------------------------------------------------


@pytest.mark.parametrize("operation, expected", [
    (">", {"C", "D"}), (">=", {"B", "C", "D"}), ("<", {"A"}), ("<=", {"A", "B"})])
def test_ordering_on_int(sc, token, items, operation, expected):
    assert matched(sc, token, items, {"purchased_price": op(operation, 200)}) == expected


@pytest.mark.parametrize("operation, expected", [
    (">", {"C"}), (">=", {"B", "C"}), ("<", {"A"}), ("<=", {"A", "B"})])
def test_ordering_on_text(sc, token, items, operation, expected):
    # types: A Chair, B Sofa, C Table, D NULL (never matches)
    assert matched(sc, token, items, {"type": op(operation, "Sofa")}) == expected


@pytest.mark.parametrize("operation, expected", [
    (">", {"N3"}), (">=", {"N2", "N3"}), ("<", {"N1"}), ("<=", {"N1", "N2"})])
def test_ordering_on_timestamp(sc, token, notes, operation, expected):
    value = "Sun, 15 Jun 2025 12:30:00 GMT" if operation.startswith(">") else "2025-06-15T12:30:00Z"
    assert matched_notes(sc, token, notes, {"creation_time": op(operation, value)}) == expected


def test_timestamp_filter_keeps_fractions(sc, token):
    tag = unique("frac")
    early = sc.new(token, "Item_Note", note_content=tag, creation_time="2025-03-01T10:00:00.250Z")
    late = sc.new(token, "Item_Note", note_content=tag, creation_time="2025-03-01T10:00:00.750Z")
    base = {"note_content": tag}
    later = {**base, "creation_time": op(">", "2025-03-01T10:00:00.5Z")}
    assert sc.ids(token, "Item_Note", later) == [late]
    assert sc.ids(token, "Item_Note", {**base, "creation_time": "2025-03-01T10:00:00.250Z"}) \
        == [early]


# --- like / ilike ------------------------------------------------------------------------------


def test_like_is_case_sensitive_with_raw_wildcards(sc, token, items):
    assert matched(sc, token, items, {"article_number": op("like", "A-%")}) == {"A"}
    assert matched(sc, token, items, {"article_number": op("like", "a-%")}) == {"B"}
    assert matched(sc, token, items, {"article_number": op("like", "_-_00-%")}) == {"A", "B"}
    assert matched(sc, token, items, {"category": op("like", "%ing")}) == {"A", "B"}


def test_like_escapes_with_backslash(sc, token, items):
    assert matched(sc, token, items, {"article_number": op("like", "%\\%%")}) == {"D"}
    assert matched(sc, token, items, {"article_number": op("like", "%\\_%")}) == {"C"}


def test_ilike_ignores_case(sc, token, items):
    assert matched(sc, token, items, {"article_number": op("ilike", "a-%")}) == {"A", "B"}
    assert matched(sc, token, items, {"category": op("ilike", "SEATING")}) == {"A", "B"}
    assert matched(sc, token, items, {"state": op("ilike", "%in-%")}) == {"A", "C"}


# --- in / notin --------------------------------------------------------------------------------


def test_in_on_each_type(sc, token, items, notes):
    assert matched(sc, token, items, {"purchased_price": op("in", [100, 300])}) == {"A", "C"}
    assert matched(sc, token, items, {"purchased_price": op("in", 100)}) == {"A"}  # a scalar
    assert matched(sc, token, items, {"type": op("in", ["Chair", "Table", "Bed"])}) == {"A", "C"}
    assert matched_notes(sc, token, notes, {"creation_time": op(
        "in", ["2025-01-01T00:00:00Z", "Wed, 31 Dec 2025 23:59:59 GMT"])}) == {"N1", "N3"}


def test_in_empty_list_matches_nothing(sc, token, items):
    tag = items[0]
    resp = sc.get_items(token, "Item", ["id"], {"created_by": tag, "id": op("in", [])})
    assert_error(resp, 400, EXCEPTION, f"{NO_OBJECTS} Item with filters")


def test_notin_and_or_on_timestamps(sc, token, notes):
    assert matched_notes(sc, token, notes, {"creation_time": op(
        "notin", ["2025-06-15T12:30:00Z"])}) == {"N1", "N3"}
    assert matched_notes(sc, token, notes, {"creation_time": op("or", [
        op("<", "2025-02-01T00:00:00Z"), op(">", "Mon, 01 Dec 2025 00:00:00 GMT")])}) \
        == {"N1", "N3"}
    assert matched_notes(sc, token, notes, {"creation_time": op("and", [
        op(">", "2025-02-01T00:00:00Z"), op("<", "2025-12-01T00:00:00+01:00")])}) == {"N2"}


def test_notin_never_matches_null(sc, token, items):
    assert matched(sc, token, items, {"type": op("notin", ["Chair"])}) == {"B", "C"}
    assert matched(sc, token, items, {"type": op("notin", "Chair")}) == {"B", "C"}
    assert matched(sc, token, items, {"type": op("notin", [])}) == {"A", "B", "C"}
    assert matched(sc, token, items, {"purchased_price": op("notin", [100, 200])}) == {"C", "D"}


# --- range -------------------------------------------------------------------------------------


def test_range_is_inclusive(sc, token, items, notes):
    assert matched(sc, token, items, {"purchased_price": op("range", {"start": 200, "end": 300})}) \
        == {"B", "C"}
    assert matched(sc, token, items, {"type": op("range", {"start": "Chair", "end": "Sofa"})}) \
        == {"A", "B"}
    assert matched_notes(sc, token, notes, {"creation_time": op(
        "range", {"start": "2025-01-01T00:00:00Z", "end": "2025-06-15T12:30:00Z"})}) \
        == {"N1", "N2"}


@pytest.mark.parametrize("value", [{"start": 1}, {"end": 1}, {}])
def test_range_needs_both_bounds(sc, token, value):
    resp = sc.get_items(token, "Item", ["id"], {"purchased_price": op("range", value)})
    assert_error(resp, 400, EXCEPTION)


# --- or / and ----------------------------------------------------------------------------------


def test_or_and_and_on_one_column(sc, token, items):
    assert matched(sc, token, items, {"purchased_price": op(
        "or", [op("==", 100), op(">=", 400)])}) == {"A", "D"}
    assert matched(sc, token, items, {"purchased_price": op(
        "and", [op(">", 100), op("<", 400)])}) == {"B", "C"}
    assert matched(sc, token, items, {"type": op(
        "or", [op("like", "Ch%"), op("like", "T%")])}) == {"A", "C"}


def test_or_and_nest(sc, token, items):
    nested = op("or", [op("and", [op(">=", 200), op("<=", 300)]), op("==", 100)])
    assert matched(sc, token, items, {"purchased_price": nested}) == {"A", "B", "C"}


@pytest.mark.parametrize("elements", [
    [], [{"value": 1}], [{"operation": "=="}], [op("==", 1), {"operation": "==", "value": None}],
    [op("==", 1), 5]])
def test_or_elements_must_be_whole_conditions(sc, token, elements):
    for operation in ("or", "and"):
        resp = sc.get_items(token, "Item", ["id"], {"purchased_price": op(operation, elements)})
        assert_error(resp, 400, EXCEPTION)


# --- contains / contained_by -------------------------------------------------------------------


def test_contains_on_json(sc, token, items):
    assert matched(sc, token, items, {"properties": op("contains", {"designer": "Eames"})}) == {"A"}
    assert matched(sc, token, items, {"properties": op("contains", {})}) == {"A", "B", "C", "D"}
    assert matched(sc, token, items, {"properties": op("contains", {"tags": ["oak"]})}) == {"A"}
    assert matched(sc, token, items, {"issues": op("contains", [{"type": "scratch"}])}) \
        == {"A", "C"}
    assert matched(sc, token, items, {"issues": op(
        "contains", [{"type": "scratch", "level": 3}])}) == {"C"}
    assert matched(sc, token, items, {"dimensions": op("contains", {"height": 80})}) == {"A"}
    assert matched(sc, token, items, {"missing_parts": op("contains", "screw")}) == {"A"}
    assert matched(sc, token, items, {"parts": op("contains", [{"part": "leg"}])}) == {"A"}


def test_contains_on_text_is_a_case_sensitive_substring(sc, token, items):
    # categories: A Seating, B seating, C Tables, D NULL
    assert matched(sc, token, items, {"category": op("contains", "eat")}) == {"A", "B"}
    assert matched(sc, token, items, {"category": op("contains", "S")}) == {"A"}
    assert matched(sc, token, items, {"category": op("contains", "s")}) == {"B", "C"}
    assert matched(sc, token, items, {"type": op("contains", "ai")}) == {"A"}  # Chair


def test_contained_by_on_json(sc, token, items):
    assert matched(sc, token, items, {"properties": op(
        "contained_by", {"Set Of": 2, "designer": "x", "extra": 1})}) == {"C", "D"}
    assert matched(sc, token, items, {"issues": op("contained_by", [
        {"type": "stain", "level": 2}, {"type": "scratch", "level": 3}, {"type": "x"}])}) \
        == {"B", "C", "D"}


# --- has_key / has_any / has_all ---------------------------------------------------------------


def test_has_key(sc, token, items):
    assert matched(sc, token, items, {"properties": op("has_key", "designer")}) == {"A", "B"}
    assert matched(sc, token, items, {"properties": op("has_key", "Set Of")}) == {"A", "C"}
    assert matched(sc, token, items, {"missing_parts": op("has_key", "screw")}) == {"A"}


def test_has_any_and_has_all(sc, token, items):
    assert matched(sc, token, items, {"properties": op("has_any", ["Set Of", "nope"])}) \
        == {"A", "C"}
    assert matched(sc, token, items, {"properties": op("has_all", ["Set Of", "designer"])}) \
        == {"A"}
    assert matched(sc, token, items, {"properties": op("has_all", ["designer"])}) == {"A", "B"}


# --- PostgreSQL's jsonb semantics, on both databases -------------------------------------------


@pytest.fixture(scope="module")
def documents(sc, token):
    """JSON documents of every shape in Item.metafields (results checked on PostgreSQL 15)."""
    tag = unique("json")
    docs = {"J1": {"a": 1, "b": {"c": [1, 2, 3]}, "s": "x"},
            "J2": [1, 2, [3, 4], {"k": "v"}, "str"],
            "J3": "plain", "J4": 5, "J5": {"a": 1.0}, "J6": []}
    ids = {name: sc.new(token, "Item", created_by=tag, metafields=doc)
           for name, doc in docs.items()}
    return tag, ids, docs


@pytest.mark.parametrize("operation, value, expected", [
    ("contains", {"a": 1}, {"J1", "J5"}),
    ("contains", {"b": {"c": [3, 1]}}, {"J1"}),
    ("contains", [1, [3]], {"J2"}),
    ("contains", [{"k": "v"}], {"J2"}),
    ("contains", "str", {"J2"}),
    ("contains", "plain", {"J3"}),
    ("contains", 5, {"J4"}),
    ("contains", [], {"J2", "J6"}),
    ("contains", {}, {"J1", "J5"}),
    ("contains", 1, {"J2"}),
    ("contains", [1, 1, 1], {"J2"}),
    ("contains", [[1]], set()),
    ("contained_by", {"a": 1, "b": {"c": [1, 2, 3, 4]}, "s": "x", "z": 0}, {"J1", "J5"}),
    ("contained_by", [1, 2, 3, [3, 4, 5], {"k": "v", "x": 1}, "str", "other"], {"J2", "J6"}),
    ("has_key", "a", {"J1", "J5"}),
    ("has_key", "str", {"J2"}),
    ("has_key", "plain", {"J3"}),
    ("has_key", "c", set()),
    ("has_any", ["a", "str"], {"J1", "J2", "J5"}),
    ("has_any", [], set()),
    ("has_all", ["a", "b"], {"J1"}),
    ("has_all", ["a"], {"J1", "J5"}),
    ("has_all", [], {"J1", "J2", "J3", "J4", "J5", "J6"}),
    ("==", {"b": {"c": [1, 2, 3]}, "s": "x", "a": 1}, {"J1"}),
    ("==", {"a": 1}, {"J5"}),
    ("==", [1, 2, [3, 4], {"k": "v"}, "str"], {"J2"}),
    ("==", [2, 1, [3, 4], {"k": "v"}, "str"], set()),
    ("==", "plain", {"J3"}),
    ("==", 5, {"J4"}),
    ("==", 5.0, {"J4"}),
])
def test_jsonb_semantics(sc, token, documents, operation, value, expected):
    tag, ids, _ = documents
    found = sc.ids(token, "Item", {"created_by": tag, "metafields": op(operation, value)})
    assert names_of(ids, found) == expected


# --- operations that do not fit the column type ------------------------------------------------


@pytest.mark.parametrize("column, operation, value", [
    ("purchased_price", "like", "1%"), ("purchased_price", "ilike", "1%"),
    ("properties", "like", "%a%"), ("properties", "ilike", "%a%"),
    ("purchased_price", "contains", 1), ("purchased_price", "contained_by", [1]),
    ("category", "contained_by", "x"), ("category", "has_key", "x"),
    ("category", "has_any", ["x"]), ("category", "has_all", ["x"]),
    ("purchased_price", "has_key", "x"), ("properties", ">", {"a": 1}),
])
def test_operation_not_supported_for_the_column_type(sc, token, column, operation, value):
    resp = sc.get_items(token, "Item", ["id"], {column: op(operation, value)})
    assert_error(resp, 400, EXCEPTION, f"operator {operation} not supported for column {column}")


def test_like_on_timestamp_is_refused(sc, token):
    resp = sc.get_items(token, "Item_Note", ["id"], {"creation_time": op("like", "2025%")})
    assert_error(resp, 400, EXCEPTION, "operator like not supported for column creation_time")


# --- conditions that are not conditions --------------------------------------------------------


def test_unknown_operation(sc, token):
    resp = sc.get_items(token, "Item", ["id"], {"category": op("===", "x")})
    assert_error(resp, 400, EXCEPTION, "invalid operator: ===")
    resp = sc.get_items(token, "Item", ["id"], {"category": op("query_if_none_create", "x")})
    assert_error(resp, 400, EXCEPTION, "invalid operator: query_if_none_create")


def test_null_conditions(sc, token):
    assert_error(sc.get_items(token, "Item", ["id"], {"category": None}), 400, EXCEPTION,
                 "condition is None")
    assert_error(sc.get_items(token, "Item", ["id"], {"category": {"value": "x"}}), 400,
                 EXCEPTION, "no operation key was given")
    assert_error(sc.get_items(token, "Item", ["id"], {"category": {"foo": "bar"}}), 400,
                 EXCEPTION, "no operation key was given")
    assert_error(sc.get_items(token, "Item", ["id"], {"category": {"operation": "=="}}), 400,
                 EXCEPTION, "no value was given")
    assert_error(sc.get_items(token, "Item", ["id"], {"category": op("==", None)}), 400,
                 EXCEPTION, "no value was given")


def test_other_keys_of_a_condition_are_ignored(sc, token, items):
    cond = {"operation": "==", "value": 200, "comment": "ignored"}
    assert matched(sc, token, items, {"purchased_price": cond}) == {"B"}


@pytest.mark.parametrize("column, value", [
    ("purchased_price", "abc"), ("purchased_price", 1.5), ("purchased_price", True),
    ("purchased_price", 2 ** 31), ("id", "12a"), ("id", ""), ("id", " 5"), ("category", 5),
    ("category", True),
])
def test_values_that_do_not_convert_are_data_errors(sc, token, column, value):
    resp = sc.get_items(token, "Item", ["id"], {column: value})
    assert_error(resp, 400, DATA)
    resp = sc.get_items(token, "Item", ["id"], {column: op("in", [value])})
    assert_error(resp, 400, DATA)


def test_bad_timestamp_filter_is_a_data_error(sc, token):
    for value in ("yesterday", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", 20250101):
        resp = sc.get_items(token, "Item_Note", ["id"], {"creation_time": value})
        assert_error(resp, 400, DATA)


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["Nope", "item", "ITEM", "Items_Notes", "Item_Stats_Current",
                                   "user_roles", "users"])
def test_unknown_model(sc, token, model):
    resp = sc.get_items(token, model, ["id"], {})
    assert_error(resp, 400, EXCEPTION, f"No Model found with name: {model}")


@pytest.mark.parametrize("key, text", [
    ("nope", "No column found with name: nope in model Item"),
    ("Category", "No column found with name: Category in model Item"),
    ("dealer", "No column found with name: dealer in model Item"),
    ("nope.id", "No relationship nope in model Item"),
    ("category.id", "No relationship category in model Item"),
    ("dealer.nope", "No column found with name: nope in model Dealer"),
    ("notes.subject.nope", "No column found with name: nope in model Item_Notes_Subject"),
    ("or-nope", "No column found with name: nope in model Item"),
    ("query", "No column found with name: query in model Item"),
    ("__class__", "No column found with name: __class__ in model Item"),
])
def test_unknown_names_in_filters(sc, token, key, text):
    resp = sc.get_items(token, "Item", ["id"], {key: 1})
    assert_error(resp, 400, EXCEPTION, text)


# --- AND / OR grouping (§2.3) ------------------------------------------------------------------


def test_only_or_keys_are_ored(sc, token, items):
    tag, ids, rows = items
    found = sc.ids(token, "Item", {"or-article_number": rows["A"]["article_number"],
                                   "or-reference_number": rows["B"]["reference_number"]})
    assert names_of(ids, found) == {"A", "B"}


def test_two_or_keys_next_to_and_keys(sc, token, items):
    assert matched(sc, token, items, {"or-type": "Chair", "or-category": "Tables"}) == {"A", "C"}
    assert matched(sc, token, items, {"type": "Sofa", "or-type": "Chair",
                                      "or-category": "seating"}) == {"B"}


def test_a_single_or_key_is_anded(sc, token, items):
    tag, ids, _ = items
    assert matched(sc, token, items, {"or-type": "Sofa"}) == {"B"}
    resp = sc.get_items(token, "Item", ["id"],
                        {"created_by": tag, "purchased_price": 100, "or-type": "Sofa"})
    assert_error(resp, 400, EXCEPTION, NO_OBJECTS)
    assert names_of(ids, sc.ids(token, "Item", {"or-created_by": tag})) == {"A", "B", "C", "D"}


# --- relationship paths ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(sc, token):
    """Dealers D1 (items I1, I2) and D2 (I3); I4 has no dealer. Notes N1 (subject S1; I1, I2),
    N2 (S2; I1), N3 (no subject; I3). History H1, H2 on I1 and H3 on I3."""
    tag = unique("graph")
    g = {"tag": tag}
    g["D1"] = sc.new(token, "Dealer", dealer_name=f"D1-{tag}", dealer_type=tag)
    g["D2"] = sc.new(token, "Dealer", dealer_name=f"D2-{tag}", dealer_type=tag)
    for name, dealer in (("I1", "D1"), ("I2", "D1"), ("I3", "D2"), ("I4", None)):
        values = {"article_number": f"{name}-{tag}", "created_by": tag}
        if dealer:
            values["dealer"] = link("Dealer", {"id": g[dealer]})
        g[name] = sc.new(token, "Item", **values)
    g["S1"] = sc.new(token, "Item_Notes_Subject", subject=f"S1-{tag}")
    g["S2"] = sc.new(token, "Item_Notes_Subject", subject=f"S2-{tag}")
    for name, subject, linked in (("N1", "S1", ["I1", "I2"]), ("N2", "S2", ["I1"]),
                                  ("N3", None, ["I3"])):
        values = {"note_content": f"{name}-{tag}",
                  "items": link("Item", {"id": op("in", [g[i] for i in linked])}, "all_link")}
        if subject:
            values["subject"] = link("Item_Notes_Subject", {"id": g[subject]})
        g[name] = sc.new(token, "Item_Note", **values)
    for name, item, column in (("H1", "I1", "valuation"), ("H2", "I1", "state"),
                               ("H3", "I3", "valuation")):
        g[name] = sc.new(token, "Item_History", column_name=column, user_name=tag,
                         item=link("Item", {"id": g[item]}))
    return g


def graph_ids(sc, token, graph, model, filters, **extra) -> set:
    found = sc.ids(token, model, filters, **extra)
    return {k for k, v in graph.items() if k != "tag" and v in found
            and k[0] == {"Item": "I", "Dealer": "D", "Item_Note": "N",
                         "Item_Notes_Subject": "S", "Item_History": "H"}[model]}


def test_many_to_one_path(sc, token, graph):
    tag = graph["tag"]
    assert graph_ids(sc, token, graph, "Item", {"dealer.dealer_name": f"D1-{tag}"}) == {"I1", "I2"}
    assert graph_ids(sc, token, graph, "Item", {"dealer.id": graph["D2"]}) == {"I3"}
    assert graph_ids(sc, token, graph, "Item_History", {"item.article_number": f"I1-{tag}"}) \
        == {"H1", "H2"}


def test_one_to_many_path_returns_each_row_once(sc, token, graph):
    tag = graph["tag"]
    assert sc.ids(token, "Dealer", {"items.created_by": tag}) == [graph["D2"], graph["D1"]]
    assert graph_ids(sc, token, graph, "Item", {"item_history.column_name": "valuation",
                                                "created_by": tag}) == {"I1", "I3"}


def test_many_to_many_path(sc, token, graph):
    tag = graph["tag"]
    assert graph_ids(sc, token, graph, "Item", {"notes.note_content": f"N1-{tag}"}) == {"I1", "I2"}
    assert graph_ids(sc, token, graph, "Item_Note", {"items.id": graph["I1"]}) == {"N1", "N2"}


def test_two_hops_through_many_to_many(sc, token, graph):
    tag = graph["tag"]
    assert sc.ids(token, "Item", {"notes.subject.id": op("in", [graph["S1"], graph["S2"]])}) \
        == [graph["I2"], graph["I1"]]
    assert graph_ids(sc, token, graph, "Item", {"notes.subject.subject": f"S2-{tag}"}) == {"I1"}


def test_three_hops(sc, token, graph):
    tag = graph["tag"]
    assert graph_ids(sc, token, graph, "Item",
                     {"notes.subject.item_notes.note_content": f"N2-{tag}"}) == {"I1"}
    assert graph_ids(sc, token, graph, "Dealer", {"items.notes.subject.subject": f"S1-{tag}"}) \
        == {"D1"}


def test_four_hops_exceed_the_depth(sc, token, graph):
    resp = sc.get_items(token, "Dealer", ["id"],
                        {"items.notes.subject.item_notes.note_content": "x"})
    assert_error(resp, 400, EXCEPTION, "exceeds maximum depth")


def test_conditions_on_one_path_see_the_same_related_row(sc, token, graph):
    tag = graph["tag"]
    # I1 has a note N1 and a note with subject S2 (N2), but no one note with both.
    resp = sc.get_items(token, "Item", ["id"], {"notes.note_content": f"N1-{tag}",
                                                "notes.subject.subject": f"S2-{tag}"})
    assert_error(resp, 400, EXCEPTION, NO_OBJECTS)
    resp = sc.get_items(token, "Item", ["id"], {"notes.note_content": f"N1-{tag}",
                                                "notes.id": graph["N2"]})
    assert_error(resp, 400, EXCEPTION, NO_OBJECTS)
    assert graph_ids(sc, token, graph, "Item", {"notes.note_content": f"N2-{tag}",
                                                "notes.subject.subject": f"S2-{tag}"}) == {"I1"}


def test_a_row_without_a_related_row_never_matches_even_through_or(sc, token, graph):
    tag = graph["tag"]
    filters = {"created_by": tag, "or-dealer.dealer_name": f"D1-{tag}",
               "or-article_number": f"I4-{tag}"}
    assert graph_ids(sc, token, graph, "Item", filters) == {"I1", "I2"}  # I4 has no dealer
    filters = {"created_by": tag, "or-notes.note_content": f"N3-{tag}",
               "or-article_number": f"I4-{tag}"}
    assert graph_ids(sc, token, graph, "Item", filters) == {"I3"}  # I4 has no notes


def test_paths_that_return_to_the_root_model(sc, token, graph):
    tag = graph["tag"]
    assert graph_ids(sc, token, graph, "Item", {"notes.items.article_number": f"I2-{tag}"}) \
        == {"I1", "I2"}
    assert graph_ids(sc, token, graph, "Item", {"dealer.items.article_number": f"I3-{tag}"}) \
        == {"I3"}
    assert graph_ids(sc, token, graph, "Item", {"article_number": f"I1-{tag}",
                                                "notes.items.article_number": f"I2-{tag}"}) \
        == {"I1"}


def test_foreign_key_columns_filter(sc, token, graph):
    assert graph_ids(sc, token, graph, "Item_History", {"item_id": graph["I1"]}) == {"H1", "H2"}
    assert graph_ids(sc, token, graph, "Item", {"dealer_id": graph["D1"]}) == {"I1", "I2"}


def test_duplicates_are_removed_before_the_limit(sc, token):
    tag = unique("dup")
    notes = [sc.new(token, "Item_Note", note_content=f"{tag} {i}") for i in range(3)]
    every_note = link("Item_Note", {"id": op("in", notes)}, "all_link")
    items = [sc.new(token, "Item", created_by=tag, notes=every_note) for _ in range(4)]
    filters = {"notes.note_content": op("like", f"{tag} %")}
    assert sc.ids(token, "Item", filters, per_page=2) == [items[3], items[2]]
    assert sc.ids(token, "Item", filters, per_page=2, cursor=items[2]) == [items[1], items[0]]
    assert sc.ids(token, "Item", filters) == items[::-1]


# --- paging ------------------------------------------------------------------------------------


def test_cursor_pages_by_id_descending(sc, token):
    tag = unique("page")
    ids = [sc.new(token, "Dealer_Notes", subject=tag) for _ in range(5)]
    filters = {"subject": tag}
    assert sc.ids(token, "Dealer_Notes", filters, per_page=2) == [ids[4], ids[3]]
    assert sc.ids(token, "Dealer_Notes", filters, per_page=2, cursor=ids[3]) == [ids[2], ids[1]]
    assert sc.ids(token, "Dealer_Notes", filters, per_page=2, cursor=ids[1]) == [ids[0]]
    resp = sc.get_items(token, "Dealer_Notes", ["id"], filters, per_page=2, cursor=ids[0])
    assert_error(resp, 400, EXCEPTION, f"{NO_OBJECTS} Dealer_Notes with filters")
    for no_cursor in (0, None):
        assert sc.ids(token, "Dealer_Notes", filters, cursor=no_cursor) == ids[::-1]
    # The scroll-up refetch: an in-list on id together with the filters.
    assert sc.ids(token, "Dealer_Notes", {**filters, "id": op("in", [ids[0], ids[3]])}) \
        == [ids[3], ids[0]]


def test_per_page_default_and_maximum_is_1000(sc, token):
    tag = unique("many")
    ids = []
    for count in (500, 500, 1):
        body = sc.created(token, "Item_Notes_Subject", [{"subject": tag}] * count, ["id"])
        ids += [row["id"] for row in body]
    assert ids == sorted(ids) and len(set(ids)) == 1001
    newest = ids[::-1][:1000]
    for per_page in ("absent", None, 0, 1000, 1001, 5000):
        extra = {} if per_page == "absent" else {"per_page": per_page}
        assert sc.ids(token, "Item_Notes_Subject", {"subject": tag}, **extra) == newest, per_page
    assert sc.ids(token, "Item_Notes_Subject", {"subject": tag}, cursor=newest[-1]) == [ids[0]]


@pytest.mark.parametrize("extra", [
    {"per_page": -1}, {"per_page": "5"}, {"per_page": 2.5}, {"per_page": True},
    {"per_page": [5]}, {"cursor": "abc"}, {"cursor": 1.5}, {"cursor": {"id": 1}},
])
def test_bad_per_page_or_cursor(sc, token, extra):
    assert_error(sc.get_items(token, "Item", ["id"], {}, **extra), 400, VALIDATION)


def test_no_order_parameter(sc, token):
    resp = sc.get_items(token, "Item", ["id"], {}, order_by="id")
    assert_error(resp, 400, VALIDATION)


def test_empty_result_is_an_error(sc, token):
    resp = sc.get_items(token, "Item", ["id"], {"article_number": unique("none-")})
    env = assert_error(resp, 400, EXCEPTION, f"{NO_OBJECTS} Item with filters")
    assert env["message"] == "[Exception Error] Error on query."
    # §2.2: the server_message carries the class tag too, then the model and the filters.
    assert env["server_message"].startswith(f"[Exception Error] {NO_OBJECTS} Item with filters: ")


def test_query_filters_default_to_none(sc, token, items):
    body = assert_ok(sc.call("get_items", {"model_name": "Item", "requested_data": ["id"],
                                           "per_page": 1}, token), 200, ACQUIRED)
    newest = sc.ids(token, "Item", {}, per_page=1)
    assert body == [{"id": newest[0]}]


# --- projections -------------------------------------------------------------------------------


def test_column_values_and_json_as_stored(sc, token, items):
    tag, ids, rows = items
    columns = ["id", "article_number", "category", "purchased_price", "properties", "issues",
               "images", "missing_parts", "location", "created_by"]
    row = sc.one(token, "Item", ids["A"], columns)
    assert row == {"id": ids["A"], "created_by": tag,
                   **{c: rows["A"][c] for c in columns if c not in ("id", "created_by")}}


def test_defaults_and_nulls(sc, token, items):
    tag, ids, _ = items
    row = sc.one(token, "Item", ids["D"], ["category", "valuation", "sold_price", "properties",
                                           "dimensions", "issues", "parts", "missing_parts",
                                           "metafields", "images", "dealer_id"])
    assert row == {"category": None, "valuation": None, "sold_price": None, "properties": {},
                   "dimensions": {}, "issues": [], "parts": [], "missing_parts": [],
                   "metafields": {}, "images": None, "dealer_id": None}


def test_timestamps_render_as_rfc_1123(sc, token, notes, items):
    tag, ids = notes
    assert sc.one(token, "Item_Note", ids["N2"], ["creation_time"]) == {
        "creation_time": "Sun, 15 Jun 2025 12:30:00 GMT"}
    stamp = sc.one(token, "Item", items[1]["A"], ["created_at"])["created_at"]
    assert_http_date(stamp)


def test_nested_projection(sc, token, graph):
    tag = graph["tag"]
    row = sc.one(token, "Item", graph["I1"], [
        "id", {"dealer": ["dealer_name", "id"]},
        {"notes": ["id", {"subject": ["subject"]}]}, {"item_history": ["column_name"]}])
    assert row == {
        "id": graph["I1"], "dealer": {"dealer_name": f"D1-{tag}", "id": graph["D1"]},
        "notes": [{"id": graph["N1"], "subject": {"subject": f"S1-{tag}"}},
                  {"id": graph["N2"], "subject": {"subject": f"S2-{tag}"}}],
        "item_history": [{"column_name": "valuation"}, {"column_name": "state"}]}


def test_dotted_projection_means_nested(sc, token, graph):
    tag = graph["tag"]
    assert sc.one(token, "Item", graph["I1"], ["dealer.dealer_name", "dealer.id"]) == {
        "dealer": {"dealer_name": f"D1-{tag}", "id": graph["D1"]}}
    assert sc.one(token, "Item", graph["I3"], ["notes.subject.subject", "notes.id"]) == {
        "notes": [{"subject": None, "id": graph["N3"]}]}


def test_dotted_and_nested_items_merge(sc, token, graph):
    tag = graph["tag"]
    row = sc.one(token, "Item", graph["I2"], ["dealer.dealer_name", {"dealer": ["id"]}, "id",
                                              {"notes": ["id"]}, "notes.note_content"])
    assert row == {"id": graph["I2"],
                   "dealer": {"dealer_name": f"D1-{tag}", "id": graph["D1"]},
                   "notes": [{"id": graph["N1"], "note_content": f"N1-{tag}"}]}
    row = sc.one(token, "Item", graph["I2"], [{"dealer": ["id"]}, {"dealer": ["dealer_type"]}])
    assert row == {"dealer": {"id": graph["D1"], "dealer_type": tag}}


def test_to_one_null_and_to_many_empty(sc, token, graph):
    assert sc.one(token, "Item", graph["I4"], [{"dealer": ["id"]}, {"notes": ["id"]},
                                               {"item_history": ["id"]}]) == {
        "dealer": None, "notes": [], "item_history": []}
    assert sc.one(token, "Item", graph["I4"], ["dealer.dealer_name"]) == {"dealer": None}
    assert sc.one(token, "Item_Note", graph["N3"], [{"subject": ["id"]}]) == {"subject": None}


def test_to_many_is_complete_whatever_the_filter(sc, token, graph):
    rows = sc.rows(token, "Item", ["id", {"notes": ["id"]}], {"notes.id": graph["N2"]})
    assert rows == [{"id": graph["I1"], "notes": [{"id": graph["N1"]}, {"id": graph["N2"]}]}]


def test_to_many_is_in_id_order(sc, token):
    tag = unique("order")
    notes = [sc.new(token, "Item_Note", note_content=tag) for _ in range(3)]
    item = sc.new(token, "Item", created_by=tag,
                  notes=link("Item_Note", {"id": notes[2]}))
    for note in (notes[0], notes[1]):  # linked after the newest one
        sc.updated(token, "Item", {"id": item}, {"notes": link("Item_Note", {"id": note})})
    assert sc.one(token, "Item", item, [{"notes": ["id"]}]) == {
        "notes": [{"id": n} for n in notes]}


def test_empty_projection_gives_empty_objects(sc, token, items):
    tag = items[0]
    assert sc.rows(token, "Item", [], {"created_by": tag}) == [{}, {}, {}, {}]


def test_duplicate_column(sc, token):
    resp = sc.get_items(token, "Item", ["id", "category", "id"], {})
    assert_error(resp, 400, EXCEPTION, "passed duplicate column: id")
    resp = sc.get_items(token, "Item", [{"dealer": ["id", "id"]}], {})
    assert_error(resp, 400, EXCEPTION, "passed duplicate column: id")
    resp = sc.get_items(token, "Item", ["dealer.id", {"dealer": ["id"]}], {})
    assert_error(resp, 400, EXCEPTION, "passed duplicate column: id")


def test_bare_relationship_needs_a_sub_projection(sc, token):
    resp = sc.get_items(token, "Item", ["id", "dealer"], {})
    assert_error(resp, 400, EXCEPTION, "dealer")


@pytest.mark.parametrize("requested, text", [
    (["nope"], "No column found with name: nope in model Item"),
    ([{"nope": ["id"]}], "No relationship nope in model Item"),
    (["nope.id"], "No relationship nope in model Item"),
    ([{"dealer": ["nope"]}], "No column found with name: nope in model Dealer"),
    (["dealer.nope"], "No column found with name: nope in model Dealer"),
    ([{"category": ["id"]}], "No relationship category in model Item"),
])
def test_unknown_names_in_projections(sc, token, requested, text):
    assert_error(sc.get_items(token, "Item", requested, {}), 400, EXCEPTION, text)


def test_projection_depth(sc, token, graph):
    three = [{"notes": [{"subject": [{"item_notes": ["id"]}]}]}]
    row = sc.one(token, "Item", graph["I2"], three)
    assert row == {"notes": [{"subject": {"item_notes": [{"id": graph["N1"]}]}}]}
    for four in ([{"notes": [{"subject": [{"item_notes": [{"items": ["id"]}]}]}]}],
                 ["notes.subject.item_notes.items.id"]):
        resp = sc.get_items(token, "Item", four, {"id": graph["I2"]})
        assert_error(resp, 400, EXCEPTION, "exceeds maximum depth")


def test_projection_of_a_path_back_to_the_root(sc, token, graph):
    row = sc.one(token, "Item", graph["I2"], [{"notes": [{"items": ["id"]}]}])
    assert row == {"notes": [{"items": [{"id": graph["I1"]}, {"id": graph["I2"]}]}]}


def test_get_items_accepts_a_projection_without_id(sc, token, items):
    tag, ids, rows = items
    assert sc.rows(token, "Item", ["type"], {"created_by": tag, "type": op("in", ["Chair",
                                                                                 "Sofa"])}) \
        == [{"type": "Sofa"}, {"type": "Chair"}]
