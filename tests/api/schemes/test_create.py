"""create_items (spec/beyo.md §2.6, §2.7, §2.10, §2.11): single objects, arrays and list bodies,
projections after commit, the type checks of §2.10, required and non-writable columns, and the
relationship actions a create can carry (link, action_if_none, also_do, nested create), each
request all or nothing. The module's server runs on a pinned clock, so "now" is known."""

import pytest

from api.support import unique
from api.schemes.schemes_support import (DATA, EXCEPTION, INTEGRITY, VALIDATION, assert_error,
                                         assert_ok, assert_sqlstate, create_rel, link, op, sql)

PINNED_NOW = "2025-10-06T20:14:13.987654Z"
NOW_RFC_1123 = "Mon, 06 Oct 2025 20:14:13 GMT"


@pytest.fixture(scope="module")
def module_server(module_launcher):
    return module_launcher.server(TANDEM_NOW=PINNED_NOW)


def count(sc, token, model, filters) -> int:
    return len(sc.ids(token, model, filters))


# --- shapes of a create ------------------------------------------------------------------------


def test_single_object_returns_its_projection_after_commit(sc, token):
    tag = unique("one")
    resp = sc.create(token, "Item", {"article_number": tag, "category": "Seating"},
                     ["id", "article_number", "category", "created_at", "properties",
                      "dimensions", "issues", "parts", "missing_parts", "purchased_price",
                      "valuation", "sold_price", "metafields", "images", "dealer_id"], ref="Item")
    body = assert_ok(resp, 201, "Item created!")
    assert len(body) == 1 and isinstance(body[0]["id"], int)
    assert body[0] == {"id": body[0]["id"], "article_number": tag, "category": "Seating",
                       "created_at": NOW_RFC_1123, "properties": {}, "dimensions": {},
                       "issues": [], "parts": [], "missing_parts": [], "purchased_price": 0,
                       "valuation": 0, "sold_price": 0, "metafields": {}, "images": None,
                       "dealer_id": None}
    assert sc.ids(token, "Item", {"article_number": tag}) == [body[0]["id"]]


def test_without_requested_data_each_row_projects_to_an_empty_object(sc, token):
    tag = unique("empty")
    assert sc.created(token, "Dealer", {"dealer_name": tag}) == [{}]
    assert sc.created(token, "Dealer", {"dealer_name": tag}, []) == [{}]
    assert sc.created(token, "Dealer", [{"dealer_name": tag}, {"dealer_name": tag}], []) \
        == [{}, {}]
    assert count(sc, token, "Dealer", {"dealer_name": tag}) == 4


def test_array_of_objects_persists_every_one_in_order(sc, token):
    tag = unique("array")
    body = sc.created(token, "Dealer", [{"dealer_name": f"{tag} {i}", "dealer_type": tag}
                                        for i in range(3)], ["id", "dealer_name"])
    assert [row["dealer_name"] for row in body] == [f"{tag} {i}" for i in range(3)]
    ids = [row["id"] for row in body]
    assert ids == sorted(ids)
    assert sc.ids(token, "Dealer", {"dealer_type": tag}) == ids[::-1]


def test_list_body_gives_a_list_of_lists_and_the_last_reference(sc, token):
    tag = unique("list")
    body = [
        {"model_name": "Dealer", "object_values": {"dealer_name": tag}, "reference": "First",
         "requested_data": ["dealer_name"]},
        {"model_name": "Item_Notes_Subject", "object_values": [{"subject": tag}, {"subject": tag}],
         "reference": "Second", "requested_data": ["subject"]},
        {"model_name": "Item", "object_values": {"created_by": tag}, "reference": "Last"},
    ]
    out = assert_ok(sc.call("create_items", body, token), 201, "Last created!")
    assert out == [[{"dealer_name": tag}], [{"subject": tag}, {"subject": tag}], [{}]]


def test_one_element_list_body_is_still_a_list_of_lists(sc, token):
    tag = unique("list1")
    body = [{"model_name": "Dealer", "object_values": {"dealer_name": tag}, "reference": "Only",
             "requested_data": ["dealer_name"]}]
    assert assert_ok(sc.call("create_items", body, token), 201, "Only created!") \
        == [[{"dealer_name": tag}]]


def test_projection_of_relationships_after_create(sc, token):
    tag = unique("proj")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    body = sc.created(token, "Item", {"created_by": tag, "dealer": link("Dealer", {"id": dealer})},
                      ["created_by", {"dealer": ["id", "dealer_name"]}, "notes.id"])
    assert body == [{"created_by": tag, "dealer": {"id": dealer, "dealer_name": tag},
                     "notes": []}]


# --- timestamps --------------------------------------------------------------------------------


@pytest.mark.parametrize("written, shown", [
    ("2025-06-15T12:30:00Z", "Sun, 15 Jun 2025 12:30:00 GMT"),
    ("2025-06-15T14:30:00.999+02:00", "Sun, 15 Jun 2025 12:30:00 GMT"),
    ("2025-06-15T12:30:00.5-01:30", "Sun, 15 Jun 2025 14:00:00 GMT"),
    ("Sun, 15 Jun 2025 12:30:00 GMT", "Sun, 15 Jun 2025 12:30:00 GMT"),
    ("2024-02-29T23:59:59Z", "Thu, 29 Feb 2024 23:59:59 GMT"),
])
def test_timestamps_written_in_each_format(sc, token, written, shown):
    body = sc.created(token, "Item_Note", {"creation_time": written}, ["creation_time"])
    assert body == [{"creation_time": shown}]


def test_server_set_created_at_keeps_microseconds(sc, token):
    tag = unique("now")
    item = sc.new(token, "Item", created_by=tag)
    assert sc.ids(token, "Item", {"created_by": tag, "created_at": PINNED_NOW}) == [item]
    assert sc.ids(token, "Item", {"created_by": tag, "created_at": "2025-10-06T20:14:13Z"}) == []
    assert sc.ids(token, "Item", {"created_by": tag,
                                  "created_at": op(">", "2025-10-06T20:14:13.9876Z")}) == [item]


def test_timestamp_fractions_are_kept(sc, token):
    tag = unique("frac")
    note = sc.new(token, "Item_Note", note_content=tag, creation_time="2025-06-15T12:30:00.75Z")
    assert sc.ids(token, "Item_Note", {"note_content": tag,
                                       "creation_time": op(">", "2025-06-15T12:30:00.5Z")}) \
        == [note]


@pytest.mark.parametrize("model, column", [
    ("Item_Note", "creation_time"), ("Item_History", "recorded_time"),
    ("Dealer_History", "recorder_time"), ("Dealer_Notes", "created_at"),
])
def test_writable_timestamps_default_to_now(sc, token, model, column):
    other_column = {"Item_Note": {"note_content": "x"}, "Item_History": {"type": "x"},
                    "Dealer_History": {"column_name": "x"}, "Dealer_Notes": {"subject": "x"}}
    assert sc.created(token, model, other_column[model], [column]) == [{column: NOW_RFC_1123}]
    assert sc.created(token, model, {column: "2020-01-02T03:04:05Z"}, [column]) \
        == [{column: "Thu, 02 Jan 2020 03:04:05 GMT"}]


@pytest.mark.parametrize("value", ["yesterday", "2025-02-30T00:00:00Z", "2025-06-15T24:00:00Z",
                                   "Sun, 30 Feb 2025 00:00:00 GMT", "15 Jun 2025 12:30:00",
                                   "", 1750000000, True, ["2025-06-15T12:30:00Z"]])
def test_invalid_timestamps(sc, token, value):
    resp = sc.create(token, "Item_Note", {"creation_time": value})
    assert_error(resp, 400, EXCEPTION)
    if isinstance(value, str):
        assert_error(resp, 400, EXCEPTION, "Invalid datetime string")


# --- type checks (§2.10) -----------------------------------------------------------------------


@pytest.mark.parametrize("column, value", [
    ("category", 5), ("category", True), ("category", 0), ("category", ["x"]),
    ("category", {"a": 1}), ("purchased_price", 5.5), ("purchased_price", 5.0),
    ("purchased_price", "5"), ("purchased_price", True), ("purchased_price", False),
    ("purchased_price", ""), ("purchased_price", [5]), ("purchased_price", {"v": 5}),
])
def test_wrong_value_types(sc, token, column, value):
    tag = unique("types")
    resp = sc.create(token, "Item", {"created_by": tag, column: value})
    assert_error(resp, 400, EXCEPTION, "is invalid for column", f"{column} in model Item")
    assert count(sc, token, "Item", {"created_by": tag}) == 0


@pytest.mark.parametrize("value", [2 ** 31, -(2 ** 31) - 1, 10 ** 12])
def test_int4_overflow_is_a_data_error(sc, token, value):
    env = assert_error(sc.create(token, "Item", {"purchased_price": value}), 400, DATA)
    assert_sqlstate(env, "22003")


def test_int4_bounds_and_falsy_values_are_accepted(sc, token):
    body = sc.created(token, "Item", {"purchased_price": 2 ** 31 - 1, "valuation": -(2 ** 31),
                                      "sold_price": 0, "category": "", "type": None,
                                      "properties": None, "images": []},
                      ["purchased_price", "valuation", "sold_price", "category", "type",
                       "properties", "images"])
    assert body == [{"purchased_price": 2 ** 31 - 1, "valuation": -(2 ** 31), "sold_price": 0,
                     "category": "", "type": None, "properties": None, "images": []}]


@pytest.mark.parametrize("value", [
    {"nested": {"deep": [1, 2.5, "three", None, True, {}]}}, [1, "a", None], "a string", 42,
    {"big": 9007199254740993, "neg": -5, "tenth": 0.1, "zero": 0, "exp": 1.5e-7},
    3.25, True, {"unicode": "Zürich – 東京 ✓", "quote": "\"\\"}, []])
def test_json_columns_take_any_json(sc, token, value):
    body = sc.created(token, "Item", {"properties": value}, ["properties"])
    assert body == [{"properties": value}]


def test_unknown_column(sc, token):
    resp = sc.create(token, "Item", {"article_number": "x", "nope": 1})
    assert_error(resp, 400, EXCEPTION, "No column found with name: nope in model Item")


@pytest.mark.parametrize("model, column, value", [
    ("Item", "id", 999999), ("Item", "dealer_id", 1), ("Item", "created_at",
                                                       "2025-01-01T00:00:00Z"),
    ("Dealer", "created_at", "2025-01-01T00:00:00Z"), ("Dealer", "id", 5),
    ("Item_History", "item_id", 1), ("Item_Note", "subject_id", 1),
    ("Dealer_Notes", "dealer_id", 1), ("Dealer_History", "dealer_id", 1),
])
def test_non_writable_columns(sc, token, model, column, value):
    resp = sc.create(token, model, {column: value})
    assert_error(resp, 400, EXCEPTION, column)


def test_writable_on_create_by_decision(sc, token):
    tag = unique("writable")
    body = sc.created(token, "Item", {"created_by": tag}, ["created_by", "created_at"])
    assert body == [{"created_by": tag, "created_at": NOW_RFC_1123}]
    assert sc.created(token, "Dealer", {"purchased_count": 3, "item_count": 4},
                      ["purchased_count", "item_count"]) == [{"purchased_count": 3,
                                                              "item_count": 4}]
    assert sc.created(token, "Item_Notes_Subject", {"notes_counter": 9}, ["notes_counter"]) \
        == [{"notes_counter": 9}]
    assert sc.created(token, "Dealer", {"dealer_name": tag}, ["purchased_count", "item_count"]) \
        == [{"purchased_count": 0, "item_count": 0}]


# --- required columns --------------------------------------------------------------------------


def test_user_create_requires_username_email_phone_password(sc, admin):
    full = {"username": unique("u"), "email": f"{unique('e')}@example.com", "phone": "1",
            "password": "pw-1"}
    for missing in ("username", "email", "phone", "password"):
        values = {k: v for k, v in full.items() if k != missing}
        resp = sc.create(admin.token, "User", values)
        assert_error(resp, 400, EXCEPTION, "Missing required values [", missing,
                     "in model User")
    resp = sc.create(admin.token, "User", {"profile_picture": "p.png"})
    env = assert_error(resp, 400, EXCEPTION, "Missing required values [", "in model User")
    for column in ("username", "email", "phone", "password"):
        assert column in env["server_message"]


def test_role_create_requires_role_and_key(sc, admin):
    assert_error(sc.create(admin.token, "Role", {"role": unique("r")}), 400, EXCEPTION,
                 "Missing required values [", "key", "in model Role")
    assert_error(sc.create(admin.token, "Role", {"key": "k"}), 400, EXCEPTION,
                 "Missing required values [", "role", "in model Role")


@pytest.mark.parametrize("column", ["username", "email", "phone", "password"])
def test_required_column_given_as_null_is_an_integrity_error(sc, admin, column):
    values = {"username": unique("u"), "email": f"{unique('e')}@example.com", "phone": "1",
              "password": "pw-1", column: None}
    env = assert_error(sc.create(admin.token, "User", values), 400, INTEGRITY)
    assert_sqlstate(env, "23502", column=column)
    key = "email" if column == "username" else "username"
    assert sc.ids(admin.token, "User", {key: values[key]}) == []


def test_null_role_key_is_an_integrity_error(sc, admin):
    name = unique("role")
    env = assert_error(sc.create(admin.token, "Role", {"role": name, "key": None}), 400,
                       INTEGRITY)
    assert_sqlstate(env, "23502", column="key")
    assert sc.ids(admin.token, "Role", {"role": name}) == []


def test_created_user_can_log_in_with_the_hashed_password(sc, admin, module_server):
    username, email = unique("u"), f"{unique('e')}@example.com"
    body = sc.created(admin.token, "User", {"username": username, "email": email,
                                            "phone": "+41 1", "password": "s3cret-pw",
                                            "profile_picture": "https://x/p.png"},
                      ["id", "username", "email", "phone", "profile_picture", "roles.role"],
                      ref=f"User_{username}")
    assert body == [{"id": body[0]["id"], "username": username, "email": email, "phone": "+41 1",
                     "profile_picture": "https://x/p.png", "roles": []}]
    assert sc.login(email, "s3cret-pw")
    stored = sql(module_server, f"SELECT password_hash FROM users WHERE id = {body[0]['id']}")
    assert stored and stored[0][0] != "s3cret-pw" and "s3cret-pw" not in stored[0][0]


# --- the envelope of a create ------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    {"model_name": "Item", "object_values": {}, "reference": "r"},
    {"model_name": "Item", "object_values": [], "reference": "r"},
    {"model_name": "Item", "object_values": "x", "reference": "r"},
    {"model_name": "Item", "object_values": [{"category": "x"}, 5], "reference": "r"},
    {"model_name": "Item", "object_values": {"category": "x"}},
    {"model_name": "Item", "object_values": {"category": "x"}, "reference": 5},
    {"model_name": "Item", "object_values": {"category": "x"}, "reference": None},
    {"object_values": {"category": "x"}, "reference": "r"},
    {"model_name": 5, "object_values": {"category": "x"}, "reference": "r"},
    {"model_name": "Item", "reference": "r"},
    {"model_name": "Item", "object_values": {"category": "x"}, "reference": "r",
     "requested_data": "id"},
    {"model_name": "Item", "object_values": {"category": "x"}, "reference": "r",
     "query_filters": {}},
    [],
    [{"model_name": "Item", "object_values": {"category": "x"}, "reference": "r"}, "x"],
])
def test_invalid_create_envelopes(sc, token, body):
    assert_error(sc.call("create_items", body, token), 400, VALIDATION)


def test_unknown_model_on_create(sc, token):
    assert_error(sc.create(token, "Items_Notes", {"item_id": 1, "note_id": 1}), 400, EXCEPTION,
                 "No Model found with name: Items_Notes")


def test_projection_is_checked_before_anything_is_written(sc, token):
    tag = unique("proj")
    resp = sc.create(token, "Item", {"created_by": tag}, ["id", "nope"])
    assert_error(resp, 400, EXCEPTION, "No column found with name: nope in model Item")
    resp = sc.create(token, "Item", {"created_by": tag}, ["id", "id"])
    assert_error(resp, 400, EXCEPTION, "passed duplicate column: id")
    assert count(sc, token, "Item", {"created_by": tag}) == 0


# --- all or nothing (§2.11) --------------------------------------------------------------------


def test_a_failing_array_element_rolls_back_the_earlier_ones(sc, token):
    tag = unique("atomic")
    resp = sc.create(token, "Item", [{"created_by": tag}, {"created_by": tag},
                                     {"created_by": tag, "purchased_price": "x"}])
    assert_error(resp, 400, EXCEPTION)
    assert count(sc, token, "Item", {"created_by": tag}) == 0


def test_a_failing_list_element_rolls_back_the_earlier_elements(sc, token):
    tag = unique("atomic")
    body = [{"model_name": "Item", "object_values": {"created_by": tag}, "reference": "one"},
            {"model_name": "Dealer", "object_values": {"dealer_name": tag}, "reference": "two"},
            {"model_name": "Item", "object_values": {"created_by": tag, "purchased_price": 2 ** 40},
             "reference": "three"}]
    env = assert_error(sc.call("create_items", body, token), 400, DATA)
    assert "three" in env["message"]  # the failing element's reference
    assert count(sc, token, "Item", {"created_by": tag}) == 0
    assert count(sc, token, "Dealer", {"dealer_name": tag}) == 0


def test_a_failing_nested_action_rolls_back_its_parent(sc, token):
    tag = unique("atomic")
    resp = sc.create(token, "Item", {"created_by": tag, "dealer": link(
        "Dealer", {"dealer_name": unique("missing")})})
    assert_error(resp, 400, EXCEPTION, "No object found in model Dealer when trying to link "
                 "relationship, column name: dealer")
    resp = sc.create(token, "Item", {"created_by": tag, "item_history": create_rel(
        "Item_History", [{"type": "ok"}, {"recorded_time": "not a time"}])})
    assert_error(resp, 400, EXCEPTION, "Invalid datetime string")
    assert count(sc, token, "Item", {"created_by": tag}) == 0
    assert count(sc, token, "Item_History", {"type": "ok", "item.created_by": tag}) == 0


# --- link (§2.7 a) -----------------------------------------------------------------------------


@pytest.fixture
def two_dealers(sc, token):
    tag = unique("dealers")
    older = sc.new(token, "Dealer", dealer_name=f"{tag} older", dealer_type=tag)
    newer = sc.new(token, "Dealer", dealer_name=f"{tag} newer", dealer_type=tag)
    return tag, older, newer


@pytest.mark.parametrize("link_type", ["first_link", "all_link"])
def test_link_to_one_uses_the_highest_id(sc, token, two_dealers, link_type):
    tag, older, newer = two_dealers
    body = sc.created(token, "Item", {"dealer": link("Dealer", {"dealer_type": tag}, link_type)},
                      ["dealer_id", "dealer.id"])
    assert body == [{"dealer_id": newer, "dealer": {"id": newer}}]


def test_link_many_to_many(sc, token):
    tag = unique("m2m")
    items = [sc.new(token, "Item", created_by=tag) for _ in range(3)]
    body = sc.created(token, "Item_Note", {"items": link("Item", {"created_by": tag}, "all_link")},
                      [{"items": ["id"]}])
    assert body == [{"items": [{"id": i} for i in items]}]
    body = sc.created(token, "Item_Note", {"items": link("Item", {"created_by": tag},
                                                         "first_link")}, [{"items": ["id"]}])
    assert body == [{"items": [{"id": items[2]}]}]


def test_link_one_to_many_sets_the_childrens_key(sc, token):
    tag = unique("o2m")
    items = [sc.new(token, "Item", created_by=tag) for _ in range(2)]
    body = sc.created(token, "Dealer", {"dealer_name": tag, "items": link(
        "Item", {"created_by": tag}, "all_link")}, ["id", {"items": ["id", "dealer_id"]}])
    dealer = body[0]["id"]
    assert body == [{"id": dealer, "items": [{"id": i, "dealer_id": dealer} for i in items]}]


def test_link_values_must_name_the_target_model(sc, token, two_dealers):
    tag, _, _ = two_dealers
    bad = {"action": "link", "values": {"Item": {"query_filters": {"dealer_type": tag},
                                                 "link_type": "first_link"}}}
    assert_error(sc.create(token, "Item", {"dealer": bad}), 400, EXCEPTION)
    bad = {"action": "link", "values": {"Nope": {"query_filters": {"id": 1},
                                                 "link_type": "first_link"}}}
    assert_error(sc.create(token, "Item", {"dealer": bad}), 400, EXCEPTION)


@pytest.mark.parametrize("link_type", ["first", "ALL_LINK", "", None, 1])
def test_invalid_link_type_is_reported_before_any_query(sc, token, link_type):
    tag = unique("lt")
    for filters in ({"id": 1}, {"dealer_name": unique("nobody")}):
        resp = sc.create(token, "Item", {"created_by": tag,
                                         "dealer": link("Dealer", filters, link_type)})
        if isinstance(link_type, str):
            assert_error(resp, 400, EXCEPTION, "invalid link type in key: link_type")
        else:
            assert_error(resp, 400, EXCEPTION)
    assert count(sc, token, "Item", {"created_by": tag}) == 0


def test_link_without_a_match_fails_the_whole_request(sc, token):
    tag = unique("nomatch")
    body = [{"model_name": "Item", "object_values": {"created_by": tag}, "reference": "ok"},
            {"model_name": "Item_Note", "reference": "Note", "object_values": {
                "note_content": tag, "items": link("Item", {"created_by": unique("nobody")},
                                                   "all_link")}}]
    resp = sc.call("create_items", body, token)
    assert_error(resp, 400, EXCEPTION, "No object found in model Item when trying to link "
                 "relationship, column name: items")
    assert count(sc, token, "Item", {"created_by": tag}) == 0
    assert count(sc, token, "Item_Note", {"note_content": tag}) == 0


def test_link_by_a_two_hop_filter(sc, token):
    tag = unique("hop")
    subject = sc.new(token, "Item_Notes_Subject", subject=tag)
    item = sc.new(token, "Item", created_by=tag)
    sc.new(token, "Item_Note", note_content=tag,
           subject=link("Item_Notes_Subject", {"id": subject}),
           items=link("Item", {"id": item}))
    body = sc.created(token, "Item_Note", {"items": link("Item", {"notes.subject.subject": tag},
                                                         "all_link")}, ["items.id"])
    assert body == [{"items": [{"id": item}]}]


# --- action_if_none ----------------------------------------------------------------------------


def test_action_if_none_creates_then_reuses_a_to_one_target(sc, token):
    name = unique("Subject ")
    subj = link("Item_Notes_Subject", {"subject": op("ilike", f"%{name}%")}, "first_link",
                action_if_none="create_entry", values_for_none_action={"subject": name})
    first = sc.created(token, "Item_Note", {"note_content": "a", "subject": subj},
                       [{"subject": ["id", "subject", "notes_counter"]}])
    created = first[0]["subject"]
    assert created == {"id": created["id"], "subject": name, "notes_counter": 0}
    second = sc.created(token, "Item_Note", {"note_content": "b", "subject": subj},
                        ["subject.id"])
    assert second == [{"subject": {"id": created["id"]}}]
    assert sc.ids(token, "Item_Notes_Subject", {"subject": name}) == [created["id"]]


def test_action_if_none_on_a_collection(sc, token):
    tag = unique("coll")
    items = link("Item", {"created_by": tag}, "all_link", action_if_none="create_entry",
                 values_for_none_action={"created_by": tag, "category": "made"})
    body = sc.created(token, "Item_Note", {"note_content": tag, "items": items},
                      [{"items": ["created_by", "category"]}])
    assert body == [{"items": [{"created_by": tag, "category": "made"}]}]
    assert count(sc, token, "Item", {"created_by": tag}) == 1


@pytest.mark.parametrize("action_if_none", ["create", "query_if_none_create", "CREATE_ENTRY", 5])
def test_invalid_action_if_none(sc, token, action_if_none):
    tag = unique("ain")
    item = sc.new(token, "Item", created_by=tag)  # the query would match
    bad = link("Item", {"id": item}, "all_link", action_if_none=action_if_none,
               values_for_none_action={"created_by": tag})
    assert_error(sc.create(token, "Item_Note", {"items": bad}), 400, EXCEPTION)


def test_action_if_none_needs_values_when_nothing_matches(sc, token):
    bad = link("Item_Notes_Subject", {"subject": unique("none")}, "first_link",
               action_if_none="create_entry")
    assert_error(sc.create(token, "Item_Note", {"subject": bad}), 400, EXCEPTION)


def test_action_if_none_values_are_checked_like_a_create(sc, token):
    tag = unique("ainv")
    bad = link("Item_Notes_Subject", {"subject": tag}, "first_link",
               action_if_none="create_entry", values_for_none_action={"subject": 5})
    assert_error(sc.create(token, "Item_Note", {"note_content": tag, "subject": bad}), 400,
                 EXCEPTION, "is invalid for column subject in model Item_Notes_Subject")
    assert count(sc, token, "Item_Note", {"note_content": tag}) == 0


# --- also_do -----------------------------------------------------------------------------------


def test_also_do_on_every_linked_row(sc, token):
    tag = unique("also")
    items = [sc.new(token, "Item", created_by=tag) for _ in range(2)]
    history = create_rel("Item_History", {"column_name": "Note", "user_name": tag,
                                          "type": "Created", "to_value": {"content": "c"}})
    sc.created(token, "Item_Note", {"note_content": tag, "items": link(
        "Item", {"created_by": tag}, "all_link", also_do={"item_history": history})})
    for item in items:
        rows = sc.rows(token, "Item_History", ["column_name", "type", "to_value", "item_id"],
                       {"item_id": item})
        assert rows == [{"column_name": "Note", "type": "Created", "to_value": {"content": "c"},
                         "item_id": item}]


def test_also_do_on_a_to_one_link_updates_the_row(sc, token):
    tag = unique("also1")
    dealer = sc.new(token, "Dealer", dealer_name=tag, item_count=1)
    sc.created(token, "Item", {"created_by": tag, "dealer": link(
        "Dealer", {"id": dealer}, also_do={"item_count": 2, "phone": "+41"})})
    assert sc.one(token, "Dealer", dealer, ["item_count", "phone"]) == {"item_count": 2,
                                                                        "phone": "+41"}


def test_also_do_is_checked_like_any_write(sc, token):
    tag = unique("also2")
    dealer = sc.new(token, "Dealer", dealer_name=tag, item_count=1)
    for also_do in ({"id": 5}, {"created_at": "2025-01-01T00:00:00Z"}, {"item_count": "x"},
                    {"nope": 1}):
        resp = sc.create(token, "Item", {"created_by": tag, "dealer": link(
            "Dealer", {"id": dealer}, also_do=also_do)})
        assert_error(resp, 400, EXCEPTION)
    assert count(sc, token, "Item", {"created_by": tag}) == 0
    assert sc.one(token, "Dealer", dealer, ["item_count"]) == {"item_count": 1}


# --- nested create -----------------------------------------------------------------------------


def test_nested_create_in_document_order(sc, token):
    tag = unique("nested")
    values = [{"column_name": f"c{i}", "user_name": tag, "from_value": i, "to_value": [i]}
              for i in range(3)]
    body = sc.created(token, "Item", {"created_by": tag, "item_history": create_rel(
        "Item_History", values)}, ["id", {"item_history": ["id", "column_name", "from_value",
                                                           "to_value"]}])
    history = body[0]["item_history"]
    assert [h["column_name"] for h in history] == ["c0", "c1", "c2"]
    assert [h["from_value"] for h in history] == [0, 1, 2]
    assert [h["to_value"] for h in history] == [[0], [1], [2]]
    ids = [h["id"] for h in history]
    assert ids == sorted(ids)


@pytest.mark.parametrize("append", [None, False])
def test_nested_history_create_needs_append(sc, token, append):
    tag = unique("append")
    resp = sc.create(token, "Item", {"created_by": tag, "item_history": create_rel(
        "Item_History", {"type": "Created"}, append=append)})
    assert_error(resp, 400, EXCEPTION)
    resp = sc.create(token, "Dealer", {"dealer_name": tag, "dealer_history": create_rel(
        "Dealer_History", {"column_name": "x"}, append=append)})
    assert_error(resp, 400, EXCEPTION)
    assert count(sc, token, "Item", {"created_by": tag}) == 0


def test_nested_create_on_a_to_one_relationship(sc, token):
    tag = unique("to1")
    body = sc.created(token, "Item", {"created_by": tag, "dealer": create_rel(
        "Dealer", {"dealer_name": tag}, append=None)}, [{"dealer": ["dealer_name"]}, "dealer_id"])
    assert body[0]["dealer"] == {"dealer_name": tag}
    assert sc.ids(token, "Dealer", {"dealer_name": tag}) == [body[0]["dealer_id"]]
    resp = sc.create(token, "Item", {"created_by": tag, "dealer": create_rel(
        "Dealer", [{"dealer_name": tag}, {"dealer_name": tag}], append=None)})
    assert_error(resp, 400, EXCEPTION)


def test_nested_create_many_to_many(sc, token):
    tag = unique("m2mc")
    body = sc.created(token, "Item", {"created_by": tag, "notes": create_rel(
        "Item_Note", [{"note_content": f"{tag} a"}, {"note_content": f"{tag} b"}])},
        [{"notes": ["note_content"]}])
    assert body == [{"notes": [{"note_content": f"{tag} a"}, {"note_content": f"{tag} b"}]}]


def test_nested_create_two_levels(sc, token):
    tag = unique("deep")
    body = sc.created(token, "Dealer", {"dealer_name": tag, "items": create_rel("Item", {
        "created_by": tag, "item_history": create_rel("Item_History", {"type": "Created"})})},
        [{"items": ["created_by", {"item_history": ["type"]}]}])
    assert body == [{"items": [{"created_by": tag, "item_history": [{"type": "Created"}]}]}]


@pytest.mark.parametrize("sub_model", ["Item", "Dealer_History", "item_history", None])
def test_sub_model_name_must_be_the_target(sc, token, sub_model):
    action = {"action": "create", "append": True, "values": {"type": "x"}}
    if sub_model is not None:
        action["sub_model_name"] = sub_model
    assert_error(sc.create(token, "Item", {"item_history": action}), 400, EXCEPTION)


def test_nested_create_checks_required_columns(sc, admin):
    user = {"username": unique("u"), "email": f"{unique('e')}@example.com", "phone": "1",
            "password": "pw-1", "roles": create_rel("Role", {"role": unique("role")})}
    assert_error(sc.create(admin.token, "User", user), 400, EXCEPTION,
                 "Missing required values [", "key", "in model Role")
    assert sc.ids(admin.token, "User", {"username": user["username"]}) == []


# --- malformed actions -------------------------------------------------------------------------


@pytest.mark.parametrize("action", [
    {}, {"action": "link"}, {"action": "link", "values": {}}, {"values": {"Dealer": {}}},
    {"action": "create", "sub_model_name": "Dealer", "values": {}},
    {"action": "create", "sub_model_name": "Dealer", "values": []},
])
def test_no_action_or_values(sc, token, action):
    assert_error(sc.create(token, "Item", {"dealer": action}), 400, EXCEPTION,
                 "no action or values provided")


@pytest.mark.parametrize("name", ["query_if_none_create", "delete", "Link", "update", ""])
def test_invalid_action(sc, token, name):
    action = {"action": name, "values": {"Dealer": {"query_filters": {"id": 1},
                                                    "link_type": "first_link"}}}
    resp = sc.create(token, "Item", {"dealer": action})
    if name:
        assert_error(resp, 400, EXCEPTION, "invalid action in key: action")
    else:
        assert_error(resp, 400, EXCEPTION)


@pytest.mark.parametrize("value", [5, "link", ["x"], True])
def test_relationship_value_must_be_an_action_object(sc, token, value):
    assert_error(sc.create(token, "Item", {"dealer": value}), 400, EXCEPTION)


def test_link_query_filters_are_required(sc, token):
    for spec in ({"link_type": "first_link"}, {"query_filters": {}, "link_type": "first_link"}):
        action = {"action": "link", "values": {"Dealer": spec}}
        assert_error(sc.create(token, "Item", {"dealer": action}), 400, EXCEPTION,
                     "query_filters")


def test_link_filter_errors_are_the_filters_errors(sc, token):
    resp = sc.create(token, "Item", {"dealer": link("Dealer", {"nope": 1})})
    assert_error(resp, 400, EXCEPTION, "No column found with name: nope in model Dealer")
    resp = sc.create(token, "Item", {"dealer": link("Dealer", {"id": "abc"})})
    assert_error(resp, 400, DATA)
