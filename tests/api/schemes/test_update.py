"""update_items (spec/beyo.md §2.7, §2.8, §2.10, §2.11): first_match / all_matches, the envelope
checks, and every relationship action an update can carry: link (extend, replace, no-op),
unlink (matches, all, to-one), create (append or replace), create_through_rel, also_do, all or
nothing per request."""

import pytest

from api.support import run_at_once, unique
from api.schemes.schemes_support import (DATA, EXCEPTION, INTEGRITY, VALIDATION, Schemes,
                                         assert_error, assert_ok, assert_sqlstate, create_rel,
                                         link, op, sql_ints, through, unlink, update_body)


def tagged_items(sc, token, n, **values):
    tag = unique("upd")
    return tag, [sc.new(token, "Item", created_by=tag, **values) for _ in range(n)]


def column_of(sc, token, ids, column):
    return [sc.one(token, "Item", i, [column])[column] for i in ids]


# --- targets -----------------------------------------------------------------------------------


def test_first_match_updates_the_highest_id_only(sc, token):
    tag, ids = tagged_items(sc, token, 3, state="old")
    resp = sc.update(token, "Item", {"created_by": tag}, {"state": "new"}, "first_match", "Item")
    assert assert_ok(resp, 201, "Item Updated!") == []
    assert column_of(sc, token, ids, "state") == ["old", "old", "new"]


def test_all_matches_updates_every_match(sc, token):
    tag, ids = tagged_items(sc, token, 3, state="old", valuation=1)
    sc.updated(token, "Item", {"created_by": tag, "id": op("in", ids[:2])},
               {"state": "new", "valuation": 2, "properties": {"x": [1]}}, "all_matches")
    assert column_of(sc, token, ids, "state") == ["new", "new", "old"]
    assert column_of(sc, token, ids, "valuation") == [2, 2, 1]
    assert column_of(sc, token, ids, "properties") == [{"x": [1]}, {"x": [1]}, {}]


def test_update_through_a_relationship_filter(sc, token):
    tag = unique("relf")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    linked = sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": dealer}))
    other = sc.new(token, "Item", created_by=tag)
    sc.updated(token, "Item", {"dealer.dealer_name": tag}, {"state": "at dealer"}, "all_matches")
    assert column_of(sc, token, [linked, other], "state") == ["at dealer", None]


def test_update_to_null_and_json_values(sc, token):
    tag, ids = tagged_items(sc, token, 1, category="c", properties={"a": 1})
    sc.updated(token, "Item", {"id": ids[0]}, {"category": None, "properties": [1, {"b": None}]})
    assert sc.one(token, "Item", ids[0], ["category", "properties"]) == {
        "category": None, "properties": [1, {"b": None}]}


def test_no_match(sc, token):
    resp = sc.update(token, "Item", {"created_by": unique("nobody")}, {"state": "x"}, ref="Thing")
    env = assert_error(resp, 400, EXCEPTION, "No object found with passed filters")
    assert "Thing" in env["message"]


# --- envelope ----------------------------------------------------------------------------------


@pytest.mark.parametrize("change", [
    {"query_filters": {}}, {"query_filters": None}, {"query_filters": []},
    {"update_type": "all"}, {"update_type": ""}, {"update_type": None},
    {"update_type": "FIRST_MATCH"},
    {"object_values": {}}, {"object_values": [{"state": "x"}]}, {"object_values": "x"},
    {"reference": 5}, {"requested_data": ["id"]}, {"model_name": None}, {"cursor": 1},
])
def test_invalid_update_envelopes(sc, token, change):
    body = update_body("Item", {"id": 1}, {"state": "x"})
    body.update(change)
    assert_error(sc.call("update_items", body, token), 400, VALIDATION)


@pytest.mark.parametrize("missing", ["model_name", "query_filters", "update_type", "object_values",
                                     "reference"])
def test_missing_update_keys(sc, token, missing):
    body = update_body("Item", {"id": 1}, {"state": "x"})
    del body[missing]
    assert_error(sc.call("update_items", body, token), 400, VALIDATION)


def test_list_body_uses_the_last_reference_and_is_atomic(sc, token):
    tag, ids = tagged_items(sc, token, 2, state="old")
    body = [update_body("Item", {"id": ids[0]}, {"state": "one"}, ref="First"),
            update_body("Item", {"id": ids[1]}, {"state": "two"}, ref="Second")]
    assert assert_ok(sc.call("update_items", body, token), 201, "Second Updated!") == []
    assert column_of(sc, token, ids, "state") == ["one", "two"]
    body = [update_body("Item", {"id": ids[0]}, {"state": "three"}, ref="First"),
            update_body("Item", {"id": ids[1]}, {"valuation": "x"}, ref="Broken")]
    env = assert_error(sc.call("update_items", body, token), 400, EXCEPTION,
                       "is invalid for column valuation in model Item")
    assert "Broken" in env["message"]
    assert column_of(sc, token, ids, "state") == ["one", "two"]


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize("column, value", [
    ("id", 5), ("dealer_id", 1), ("created_at", "2025-01-01T00:00:00Z"), ("nope", 1),
])
def test_columns_an_update_cannot_write(sc, token, column, value):
    tag, ids = tagged_items(sc, token, 1)
    resp = sc.update(token, "Item", {"id": ids[0]}, {"state": "changed", column: value})
    assert_error(resp, 400, EXCEPTION, column)
    assert column_of(sc, token, ids, "state") == [None]


def test_dealer_created_at_is_not_writable(sc, token):
    dealer = sc.new(token, "Dealer", dealer_name=unique("d"))
    resp = sc.update(token, "Dealer", {"id": dealer}, {"created_at": "2025-01-01T00:00:00Z"})
    assert_error(resp, 400, EXCEPTION, "created_at")


def test_value_types_on_update(sc, token):
    tag, ids = tagged_items(sc, token, 1, valuation=1)
    assert_error(sc.update(token, "Item", {"id": ids[0]}, {"valuation": 1.5}), 400, EXCEPTION,
                 "is invalid for column valuation in model Item")
    env = assert_error(sc.update(token, "Item", {"id": ids[0]}, {"valuation": 2 ** 31}), 400, DATA)
    assert_sqlstate(env, "22003")
    note = sc.new(token, "Item_Note", note_content=tag)
    assert_error(sc.update(token, "Item_Note", {"id": note}, {"creation_time": "soon"}), 400,
                 EXCEPTION, "Invalid datetime string")
    assert column_of(sc, token, ids, "valuation") == [1]


def test_not_null_column_on_update(sc, admin):
    user = sc.add_user(phone="+41 9")
    env = assert_error(sc.update(admin.token, "User", {"id": user.id}, {"phone": None}), 400,
                       INTEGRITY)
    assert_sqlstate(env, "23502", column="phone")
    assert sc.one(admin.token, "User", user.id, ["phone"]) == {"phone": "+41 9"}


def test_enumerations_are_checked_before_the_target_query(sc, token):
    nobody = {"created_by": unique("nobody")}
    resp = sc.update(token, "Item", nobody, {"dealer": link("Dealer", {"id": 1}, "some_link")})
    assert_error(resp, 400, EXCEPTION, "invalid link type in key: link_type")
    resp = sc.update(token, "Item", nobody, {"dealer": {"action": "relink", "values": {"x": 1}}})
    assert_error(resp, 400, EXCEPTION, "invalid action in key: action")
    for action in (unlink("unlink_some"), unlink("unlink_matches", {"id": 1}, "some_match"),
                   link("Dealer", {"id": 1}, action_if_none="create")):
        env = assert_error(sc.update(token, "Item", nobody, {"dealer": action}), 400, EXCEPTION)
        assert "No object found" not in env["server_message"], env


# --- link --------------------------------------------------------------------------------------


def test_link_extends_a_collection_and_relinking_is_a_no_op(sc, token, module_server):
    tag, (item,) = tagged_items(sc, token, 1)
    notes = [sc.new(token, "Item_Note", note_content=tag) for _ in range(3)]
    sc.updated(token, "Item", {"id": item}, {"notes": link("Item_Note", {"id": notes[0]})})
    sc.updated(token, "Item", {"id": item}, {"notes": link(
        "Item_Note", {"id": op("in", notes[:2])}, "all_link")})
    sc.updated(token, "Item", {"id": item}, {"notes": link("Item_Note", {"id": notes[1]})})
    assert sc.one(token, "Item", item, ["notes.id"]) == {"notes": [{"id": n} for n in notes[:2]]}
    assert sql_ints(module_server, f"SELECT note_id FROM items_notes WHERE item_id = {item} "
                                   "ORDER BY note_id") == notes[:2]


def test_link_replaces_a_to_one_target(sc, token):
    tag = unique("relink")
    first = sc.new(token, "Dealer", dealer_name=tag)
    second = sc.new(token, "Dealer", dealer_name=tag)
    item = sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": first}))
    sc.updated(token, "Item", {"id": item}, {"dealer": link("Dealer", {"id": second})})
    assert sc.one(token, "Item", item, ["dealer_id"]) == {"dealer_id": second}
    assert sc.ids(token, "Dealer", {"dealer_name": tag}) == [second, first]  # both survive


def test_link_in_all_matches_links_every_target(sc, token):
    tag, ids = tagged_items(sc, token, 2)
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    sc.updated(token, "Item", {"created_by": tag}, {"dealer": link("Dealer", {"id": dealer})},
               "all_matches")
    assert column_of(sc, token, ids, "dealer_id") == [dealer, dealer]


def test_also_do_visits_linked_rows_in_id_descending_order(sc, token):
    tag, ids = tagged_items(sc, token, 2)
    note = sc.new(token, "Item_Note", note_content=tag)
    history = create_rel("Item_History", {"user_name": tag, "type": "Linked"})
    sc.updated(token, "Item_Note", {"id": note}, {"items": link(
        "Item", {"created_by": tag}, "all_link", also_do={"item_history": history})})
    rows = sc.rows(token, "Item_History", ["id", "item_id"], {"user_name": tag})
    # id DESC: the newest history row belongs to the item linked last, the older item.
    assert [r["item_id"] for r in rows] == [ids[0], ids[1]]


# --- unlink (§2.7 b) ---------------------------------------------------------------------------


@pytest.fixture
def note_with_items(sc, token):
    tag = unique("unl")
    items = [sc.new(token, "Item", created_by=tag) for _ in range(3)]
    note = sc.new(token, "Item_Note", note_content=tag,
                  items=link("Item", {"created_by": tag}, "all_link"))
    return tag, note, items


def linked_items(sc, token, note):
    return [row["id"] for row in sc.one(token, "Item_Note", note, [{"items": ["id"]}])["items"]]


def test_unlink_first_match_removes_the_highest_id_match(sc, token, note_with_items):
    tag, note, items = note_with_items
    sc.updated(token, "Item_Note", {"id": note}, {"items": unlink(
        "unlink_matches", {"created_by": tag}, "first_match")})
    assert linked_items(sc, token, note) == items[:2]
    assert sc.ids(token, "Item", {"created_by": tag}) == items[::-1]  # the items survive


def test_unlink_all_matches(sc, token, note_with_items):
    tag, note, items = note_with_items
    sc.updated(token, "Item_Note", {"id": note}, {"items": unlink(
        "unlink_matches", {"id": op("in", items[1:])}, "all_matches")})
    assert linked_items(sc, token, note) == items[:1]


def test_unlink_all_matches_needs_every_match_linked(sc, token, note_with_items):
    tag, note, items = note_with_items
    stranger = sc.new(token, "Item", created_by=unique("stranger"))
    resp = sc.update(token, "Item_Note", {"id": note}, {"items": unlink(
        "unlink_matches", {"id": op("in", items[:2] + [stranger])}, "all_matches")})
    assert_error(resp, 400, EXCEPTION, f"has no relationship with object id: {stranger}")
    assert linked_items(sc, token, note) == items


def test_unlink_first_match_must_be_linked(sc, token, note_with_items):
    tag, note, items = note_with_items
    stranger = sc.new(token, "Item", created_by=tag)  # the highest id match, not linked
    resp = sc.update(token, "Item_Note", {"id": note}, {"items": unlink(
        "unlink_matches", {"created_by": tag}, "first_match")})
    assert_error(resp, 400, EXCEPTION, f"has no relationship with object id: {stranger}")
    assert linked_items(sc, token, note) == items


def test_unlink_without_a_match(sc, token, note_with_items):
    tag, note, items = note_with_items
    resp = sc.update(token, "Item_Note", {"id": note}, {"items": unlink(
        "unlink_matches", {"created_by": unique("nobody")}, "first_match")})
    assert_error(resp, 400, EXCEPTION)
    assert linked_items(sc, token, note) == items


def test_unlink_all_needs_no_query(sc, token, note_with_items, module_server):
    tag, note, items = note_with_items
    sc.updated(token, "Item_Note", {"id": note}, {"items": unlink("unlink_all")})
    assert linked_items(sc, token, note) == []
    assert sql_ints(module_server, f"SELECT item_id FROM items_notes WHERE note_id = {note}") == []
    assert sc.ids(token, "Item", {"created_by": tag}) == items[::-1]


def test_unlink_all_ignores_a_query(sc, token, note_with_items):
    tag, note, items = note_with_items
    sc.updated(token, "Item_Note", {"id": note}, {"items": unlink(
        "unlink_all", {"id": items[0]}, "first_match")})
    assert linked_items(sc, token, note) == []


def test_unlink_one_to_many_sets_the_childs_key_to_null(sc, token):
    tag = unique("o2m")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    items = [sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": dealer}))
             for _ in range(2)]
    sc.updated(token, "Dealer", {"id": dealer}, {"items": unlink(
        "unlink_matches", {"id": items[0]}, "first_match")})
    assert column_of(sc, token, items, "dealer_id") == [None, dealer]
    sc.updated(token, "Dealer", {"id": dealer}, {"items": unlink("unlink_all")})
    assert column_of(sc, token, items, "dealer_id") == [None, None]


@pytest.mark.parametrize("action", [
    unlink("unlink_all"), unlink("unlink_matches", {"dealer_name": "whatever"}, "first_match"),
    unlink("unlink_matches", {"id": op(">", 0)}, "all_matches")])
def test_unlink_to_one_sets_null_whatever_the_type(sc, token, action):
    tag = unique("to1")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    item = sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": dealer}))
    sc.updated(token, "Item", {"id": item}, {"dealer": action})
    assert sc.one(token, "Item", item, ["dealer_id", {"dealer": ["id"]}]) == {
        "dealer_id": None, "dealer": None}
    assert sc.ids(token, "Dealer", {"dealer_name": tag}) == [dealer]


def test_invalid_unlink_values_on_a_to_one(sc, token):
    """To-one unlink sets NULL whatever unlink_type says, but its enumerations are still checked
    (§2.7 "Validation order")."""
    tag = unique("to1bad")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    item = sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": dealer}))
    for action in (unlink("unlink_some"), unlink("unlink_matches", {"id": dealer}, "some_match")):
        assert_error(sc.update(token, "Item", {"id": item}, {"dealer": action}), 400, EXCEPTION)
    assert sc.one(token, "Item", item, ["dealer_id"]) == {"dealer_id": dealer}


@pytest.mark.parametrize("values", [
    {"unlink_type": "unlink_some", "query_filters": {"id": 1}, "query_matches": "first_match"},
    {"unlink_type": "unlink_matches", "query_filters": {"id": 1}, "query_matches": "some_match"},
    {"unlink_type": "unlink_matches", "query_matches": "first_match"},
    {"unlink_type": "unlink_matches", "query_filters": {"id": 1}},
    {"query_filters": {"id": 1}, "query_matches": "first_match"},
])
def test_invalid_unlink_values(sc, token, note_with_items, values):
    tag, note, items = note_with_items
    resp = sc.update(token, "Item_Note", {"id": note}, {"items": {"action": "unlink",
                                                                  "values": values}})
    assert_error(resp, 400, EXCEPTION)
    assert linked_items(sc, token, note) == items


def test_history_cannot_be_unlinked(sc, token):
    tag = unique("hist")
    item = sc.new(token, "Item", created_by=tag, item_history=create_rel(
        "Item_History", {"type": "Created"}))
    for action in (unlink("unlink_all"), unlink("unlink_matches", {"type": "Created"},
                                                "first_match")):
        resp = sc.update(token, "Item", {"id": item}, {"item_history": action})
        assert_error(resp, 400, EXCEPTION)
    assert sc.one(token, "Item", item, ["item_history.type"]) == {
        "item_history": [{"type": "Created"}]}
    dealer = sc.new(token, "Dealer", dealer_name=tag, dealer_history=create_rel(
        "Dealer_History", {"column_name": "x"}))
    resp = sc.update(token, "Dealer", {"id": dealer}, {"dealer_history": unlink("unlink_all")})
    assert_error(resp, 400, EXCEPTION)
    assert sc.one(token, "Dealer", dealer, ["dealer_history.column_name"]) == {
        "dealer_history": [{"column_name": "x"}]}


# --- create under update -----------------------------------------------------------------------


def test_create_with_append_adds(sc, token):
    tag = unique("app")
    dealer = sc.new(token, "Dealer", dealer_name=tag,
                    dealer_notes=create_rel("Dealer_Notes", {"subject": "first"}))
    sc.updated(token, "Dealer", {"id": dealer}, {"dealer_notes": create_rel(
        "Dealer_Notes", [{"subject": "second"}, {"subject": "third"}])})
    assert sc.one(token, "Dealer", dealer, ["dealer_notes.subject"]) == {
        "dealer_notes": [{"subject": s} for s in ("first", "second", "third")]}


@pytest.mark.parametrize("append", [False, None])
def test_create_without_append_replaces_a_one_to_many_collection(sc, token, append):
    tag = unique("repl")
    dealer = sc.new(token, "Dealer", dealer_name=tag,
                    dealer_notes=create_rel("Dealer_Notes", [{"subject": tag}, {"subject": tag}]))
    old = sc.ids(token, "Dealer_Notes", {"subject": tag})
    sc.updated(token, "Dealer", {"id": dealer}, {"dealer_notes": create_rel(
        "Dealer_Notes", {"subject": "new"}, append=append)})
    assert sc.one(token, "Dealer", dealer, ["dealer_notes.subject"]) == {
        "dealer_notes": [{"subject": "new"}]}
    # The previous members are detached, not deleted.
    rows = sc.rows(token, "Dealer_Notes", ["id", "dealer_id"], {"subject": tag})
    assert rows == [{"id": i, "dealer_id": None} for i in old]


def test_create_without_append_replaces_a_many_to_many_collection(sc, token):
    tag = unique("replm")
    old = sc.new(token, "Item_Note", note_content=tag)
    item = sc.new(token, "Item", created_by=tag, notes=link("Item_Note", {"id": old}))
    sc.updated(token, "Item", {"id": item}, {"notes": create_rel(
        "Item_Note", {"note_content": f"{tag} new"}, append=False)})
    assert sc.one(token, "Item", item, ["notes.note_content"]) == {
        "notes": [{"note_content": f"{tag} new"}]}
    assert sc.ids(token, "Item_Note", {"note_content": tag}) == [old]


def test_create_on_a_to_one_replaces_the_link(sc, token):
    tag = unique("to1c")
    old = sc.new(token, "Dealer", dealer_name=tag)
    item = sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": old}))
    sc.updated(token, "Item", {"id": item}, {"dealer": create_rel(
        "Dealer", {"dealer_name": f"{tag} new"}, append=None)})
    assert sc.one(token, "Item", item, ["dealer.dealer_name"]) == {
        "dealer": {"dealer_name": f"{tag} new"}}
    assert sc.ids(token, "Dealer", {"dealer_name": tag}) == [old]


def test_each_match_gets_its_own_created_rows(sc, token):
    tag, ids = tagged_items(sc, token, 2)
    sc.updated(token, "Item", {"created_by": tag}, {"state": "Sold", "item_history": create_rel(
        "Item_History", [{"column_name": "state", "to_value": "Sold", "type": "Updated"},
                         {"column_name": "x", "type": "Updated"}])}, "all_matches")
    for item in ids:
        assert sc.one(token, "Item", item, ["state", {"item_history": ["column_name",
                                                                      "to_value"]}]) == {
            "state": "Sold", "item_history": [{"column_name": "state", "to_value": "Sold"},
                                              {"column_name": "x", "to_value": None}]}


def test_history_create_under_update_needs_append(sc, token):
    tag, ids = tagged_items(sc, token, 1, state="old")
    resp = sc.update(token, "Item", {"id": ids[0]}, {"state": "new", "item_history": create_rel(
        "Item_History", {"type": "Updated"}, append=False)})
    assert_error(resp, 400, EXCEPTION)
    assert sc.one(token, "Item", ids[0], ["state", "item_history.id"]) == {
        "state": "old", "item_history": []}


# --- create_through_rel (§2.7 d) ---------------------------------------------------------------


def test_create_through_rel_visits_related_rows_in_id_order(sc, token, note_with_items):
    tag, note, items = note_with_items
    history = create_rel("Item_History", {
        "column_name": "Note", "type": "Updated", "user_name": tag,
        "from_value": {"content": tag}, "to_value": {"content": f"{tag} edited"}})
    sc.updated(token, "Item_Note", {"id": note}, {
        "note_content": f"{tag} edited",
        "items": through({"state": "noted", "item_history": history})})
    assert column_of(sc, token, items, "state") == ["noted"] * 3
    rows = sc.rows(token, "Item_History", ["id", "item_id", "from_value", "to_value"],
                   {"user_name": tag})
    # id DESC lists the history of the last visited item first: visits went id ASC.
    assert [r["item_id"] for r in rows] == items[::-1]
    assert all(r["from_value"] == {"content": tag} for r in rows)


def test_create_through_rel_on_a_to_one(sc, token):
    tag = unique("thr1")
    dealer = sc.new(token, "Dealer", dealer_name=tag, item_count=0)
    item = sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": dealer}))
    lonely = sc.new(token, "Item", created_by=tag)
    sc.updated(token, "Item", {"id": item}, {"dealer": through({"item_count": 5})})
    assert sc.one(token, "Dealer", dealer, ["item_count"]) == {"item_count": 5}
    sc.updated(token, "Item", {"id": lonely}, {"state": "alone",
                                               "dealer": through({"item_count": 9})})
    assert sc.one(token, "Item", lonely, ["state", "dealer_id"]) == {"state": "alone",
                                                                     "dealer_id": None}
    assert sc.one(token, "Dealer", dealer, ["item_count"]) == {"item_count": 5}


def test_create_through_rel_on_an_empty_collection_does_nothing(sc, token):
    tag = unique("thr0")
    note = sc.new(token, "Item_Note", note_content=tag)
    sc.updated(token, "Item_Note", {"id": note}, {"note_content": f"{tag} x", "items": through(
        {"item_history": create_rel("Item_History", {"user_name": tag})})})
    assert sc.ids(token, "Item_History", {"user_name": tag}) == []


def test_create_through_rel_failure_rolls_back(sc, token, note_with_items):
    tag, note, items = note_with_items
    resp = sc.update(token, "Item_Note", {"id": note}, {"note_content": "changed", "items": through(
        {"state": "x", "valuation": "not a number"})})
    assert_error(resp, 400, EXCEPTION, "is invalid for column valuation in model Item")
    assert sc.one(token, "Item_Note", note, ["note_content"]) == {"note_content": tag}
    assert column_of(sc, token, items, "state") == [None] * 3


# --- document order ----------------------------------------------------------------------------


def test_keys_are_processed_in_document_order(sc, token):
    tag = unique("order")
    item = sc.new(token, "Item", created_by=tag)
    first = sc.new(token, "Dealer", dealer_name=tag, item_count=0)
    sc.updated(token, "Item", {"id": item}, {"dealer": link("Dealer", {"id": first}),
                                             "state": "linked"})
    second = sc.new(token, "Dealer", dealer_name=tag)
    sc.updated(token, "Item", {"id": item}, {
        "notes": create_rel("Item_Note", {"note_content": f"{tag} 1"}),
        "item_history": create_rel("Item_History", [{"user_name": tag, "type": "a"},
                                                    {"user_name": tag, "type": "b"}]),
        "dealer": link("Dealer", {"id": second})})
    rows = sc.rows(token, "Item_History", ["type"], {"user_name": tag})
    assert rows == [{"type": "b"}, {"type": "a"}]
    assert sc.one(token, "Item", item, ["dealer_id", "state"]) == {"dealer_id": second,
                                                                   "state": "linked"}


# --- concurrent requests (§2.11: one transaction each, targets locked FOR UPDATE) --------------


def test_concurrent_updates_each_append_their_history(sc, token):
    tag, (item,) = tagged_items(sc, token, 1, valuation=0)

    def update(i):
        client = Schemes(sc.server)
        values = {"valuation": i, "item_history": create_rel(
            "Item_History", {"user_name": tag, "to_value": i})}
        return client.update(token, "Item", {"id": item}, values).status_code

    assert run_at_once(8, update) == [201] * 8
    rows = sc.rows(token, "Item_History", ["to_value"], {"user_name": tag})
    assert sorted(r["to_value"] for r in rows) == list(range(8))
    assert sc.one(token, "Item", item, ["valuation"])["valuation"] in range(8)


def test_concurrent_deletes_of_one_row(sc, token):
    tag, (item,) = tagged_items(sc, token, 1)

    def delete(i):
        return Schemes(sc.server).delete(token, "Item", {"id": item}).status_code

    assert sorted(run_at_once(6, delete)) == [201] + [400] * 5
    assert sc.ids(token, "Item", {"created_by": tag}) == []
