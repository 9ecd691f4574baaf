"""delete_items (spec/beyo.md §2.9, §1.5, §2.11): delete_first / delete_all, also_do before the
delete, the cascades of §1.5, the envelope checks, and all or nothing per request."""

import pytest

from api.support import unique
from api.schemes.schemes_support import (EXCEPTION, VALIDATION, assert_error, assert_ok,
                                         create_rel, delete_body, link, op, sql_ints, through)


def test_delete_first_removes_the_highest_id_match(sc, token):
    tag = unique("del")
    ids = [sc.new(token, "Item", created_by=tag) for _ in range(3)]
    resp = sc.delete(token, "Item", {"created_by": tag}, "delete_first", ref="Item")
    assert assert_ok(resp, 201, "Item Deleted!") == []
    assert sc.ids(token, "Item", {"created_by": tag}) == [ids[1], ids[0]]


def test_delete_all_removes_every_match(sc, token):
    tag = unique("del")
    ids = [sc.new(token, "Item", created_by=tag, article_number=f"{tag}-{i}") for i in range(3)]
    sc.deleted(token, "Item", {"article_number": op("in", [f"{tag}-0", f"{tag}-2"])},
               "delete_all")
    assert sc.ids(token, "Item", {"created_by": tag}) == [ids[1]]


def test_delete_through_a_relationship_filter(sc, token):
    tag = unique("delrel")
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    linked = [sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": dealer}))
              for _ in range(2)]
    other = sc.new(token, "Item", created_by=tag)
    sc.deleted(token, "Item", {"dealer.dealer_name": tag}, "delete_all")
    assert sc.ids(token, "Item", {"created_by": tag}) == [other]
    assert linked  # both gone


def test_no_match(sc, token):
    resp = sc.delete(token, "Item", {"created_by": unique("nobody")}, ref="Thing")
    env = assert_error(resp, 400, EXCEPTION, "No object found in model Item with filters")
    assert "Thing" in env["message"]


@pytest.mark.parametrize("delition_type", ["delete", "DELETE_ALL", "", "delete_many"])
def test_invalid_deletion_type_is_reported_before_the_query(sc, token, delition_type):
    tag = unique("dt")
    item = sc.new(token, "Item", created_by=tag)
    for filters in ({"created_by": tag}, {"created_by": unique("nobody")}):
        resp = sc.delete(token, "Item", filters, delition_type)
        assert_error(resp, 400, EXCEPTION, "Invalid deletion type")
    assert sc.ids(token, "Item", {"created_by": tag}) == [item]


@pytest.mark.parametrize("delition_type", [None, 1, ["delete_all"]])
def test_deletion_type_of_the_wrong_json_type(sc, token, delition_type):
    resp = sc.delete(token, "Item", {"id": 1}, delition_type)
    assert_error(resp, 400, EXCEPTION, "Invalid deletion type")


@pytest.mark.parametrize("body", [
    delete_body("Item", {}),
    {"model_name": "Item", "object_values": {"delition_type": "delete_all"}, "reference": "r"},
    {"model_name": "Item", "object_values": [{"query_filters": {"id": 1},
                                              "delition_type": "delete_all"}], "reference": "r"},
    {"model_name": "Item", "object_values": {"query_filters": {"id": 1},
                                             "delition_type": "delete_all"}},
    {"model_name": "Item", "reference": "r"},
    {"object_values": {"query_filters": {"id": 1}, "delition_type": "delete_all"},
     "reference": "r"},
    {"model_name": "Item", "object_values": {"query_filters": {"id": 1},
                                             "delition_type": "delete_all"}, "reference": "r",
     "requested_data": []},
    "x", 5, None, [],
])
def test_invalid_delete_envelopes(sc, token, body):
    assert_error(sc.call("delete_items", body, token), 400, VALIDATION)


def test_list_body_uses_the_last_reference_and_is_atomic(sc, token):
    tag = unique("dlist")
    ids = [sc.new(token, "Item", created_by=tag) for _ in range(3)]
    body = [delete_body("Item", {"id": ids[0]}, ref="First"),
            delete_body("Item", {"id": ids[1]}, ref="Second")]
    assert assert_ok(sc.call("delete_items", body, token), 201, "Second Deleted!") == []
    assert sc.ids(token, "Item", {"created_by": tag}) == [ids[2]]
    body = [delete_body("Item", {"id": ids[2]}, ref="First"),
            delete_body("Item", {"id": ids[0]}, ref="Gone")]  # already deleted: no match
    env = assert_error(sc.call("delete_items", body, token), 400, EXCEPTION, "No object found")
    assert "Gone" in env["message"]
    assert sc.ids(token, "Item", {"created_by": tag}) == [ids[2]]


# --- also_do -----------------------------------------------------------------------------------


def test_also_do_runs_on_each_row_before_it_is_deleted(sc, token, module_server):
    tag = unique("also")
    items = [sc.new(token, "Item", created_by=tag) for _ in range(2)]
    note = sc.new(token, "Item_Note", note_content=tag,
                  items=link("Item", {"created_by": tag}, "all_link"))
    history = create_rel("Item_History", {"column_name": "Note", "type": "Deleted",
                                          "user_name": tag, "from_value": {"content": tag},
                                          "to_value": ""})
    sc.deleted(token, "Item_Note", {"id": note}, "delete_first",
               also_do={"items": through({"item_history": history})}, ref="Note")
    assert sc.ids(token, "Item_Note", {"note_content": tag}) == []
    assert sc.ids(token, "Item", {"created_by": tag}) == items[::-1]
    for item in items:
        assert sc.rows(token, "Item_History", ["type", "from_value", "to_value"],
                       {"item_id": item}) == [{"type": "Deleted", "from_value": {"content": tag},
                                               "to_value": ""}]
    assert sql_ints(module_server, f"SELECT item_id FROM items_notes WHERE note_id = {note}") == []


def test_also_do_with_delete_all_runs_for_every_row(sc, token):
    tag = unique("alsoall")
    for _ in range(2):
        sc.new(token, "Dealer", dealer_name=tag)
    keeper = sc.new(token, "Dealer", dealer_name=f"{tag} keeper")
    sc.deleted(token, "Dealer", {"dealer_name": tag}, "delete_all", also_do={
        "dealer_history": create_rel("Dealer_History", {"column_name": tag})})
    rows = sc.rows(token, "Dealer_History", ["dealer_id"], {"column_name": tag})
    assert rows == [{"dealer_id": None}] * 2  # written, then detached by the delete
    assert sc.ids(token, "Dealer", {"dealer_name": op("like", f"{tag}%")}) == [keeper]


def test_a_failing_also_do_keeps_the_row(sc, token):
    tag = unique("alsofail")
    item = sc.new(token, "Item", created_by=tag)
    resp = sc.delete(token, "Item", {"id": item}, also_do={"valuation": "x"})
    assert_error(resp, 400, EXCEPTION, "is invalid for column valuation in model Item")
    resp = sc.delete(token, "Item", {"id": item}, also_do={"item_history": create_rel(
        "Item_History", {"type": "Deleted"}, append=False)})
    assert_error(resp, 400, EXCEPTION)
    assert sc.ids(token, "Item", {"created_by": tag}) == [item]
    assert sc.one(token, "Item", item, ["item_history.id", "valuation"]) == {
        "item_history": [], "valuation": 0}


# --- cascades (§1.5) ---------------------------------------------------------------------------


def test_deleting_an_item_deletes_its_history_and_links_not_its_notes(sc, token, module_server):
    tag = unique("casc")
    note = sc.new(token, "Item_Note", note_content=tag)
    item = sc.new(token, "Item", created_by=tag, notes=link("Item_Note", {"id": note}),
                  item_history=create_rel("Item_History", [{"user_name": tag}] * 2))
    other = sc.new(token, "Item", created_by=tag, notes=link("Item_Note", {"id": note}))
    sc.deleted(token, "Item", {"id": item})
    assert sc.ids(token, "Item_History", {"user_name": tag}) == []
    assert sql_ints(module_server, f"SELECT id FROM item_history WHERE item_id = {item}") == []
    assert sql_ints(module_server, f"SELECT note_id FROM items_notes WHERE item_id = {item}") == []
    assert sc.one(token, "Item_Note", note, ["items.id"]) == {"items": [{"id": other}]}


def test_deleting_a_note_keeps_its_subject_and_items(sc, token, module_server):
    tag = unique("cascn")
    subject = sc.new(token, "Item_Notes_Subject", subject=tag)
    item = sc.new(token, "Item", created_by=tag)
    note = sc.new(token, "Item_Note", note_content=tag,
                  subject=link("Item_Notes_Subject", {"id": subject}),
                  items=link("Item", {"id": item}))
    sc.deleted(token, "Item_Note", {"id": note})
    assert sc.ids(token, "Item_Notes_Subject", {"subject": tag}) == [subject]
    assert sc.one(token, "Item", item, ["notes.id"]) == {"notes": []}
    assert sql_ints(module_server, f"SELECT item_id FROM items_notes WHERE note_id = {note}") == []


def test_deleting_a_subject_detaches_its_notes(sc, token):
    tag = unique("cascs")
    subject = sc.new(token, "Item_Notes_Subject", subject=tag)
    notes = [sc.new(token, "Item_Note", note_content=tag,
                    subject=link("Item_Notes_Subject", {"id": subject})) for _ in range(2)]
    sc.deleted(token, "Item_Notes_Subject", {"id": subject})
    assert sc.rows(token, "Item_Note", ["id", "subject_id", "subject.id"],
                   {"note_content": tag}) == [{"id": n, "subject_id": None, "subject": None}
                                              for n in notes[::-1]]


def test_deleting_a_dealer_detaches_items_notes_and_history(sc, token):
    tag = unique("cascd")
    dealer = sc.new(token, "Dealer", dealer_name=tag,
                    dealer_notes=create_rel("Dealer_Notes", {"subject": tag}),
                    dealer_history=create_rel("Dealer_History", {"column_name": tag}))
    item = sc.new(token, "Item", created_by=tag, dealer=link("Dealer", {"id": dealer}))
    sc.deleted(token, "Dealer", {"id": dealer})
    assert sc.one(token, "Item", item, ["dealer_id", "dealer.id"]) == {"dealer_id": None,
                                                                      "dealer": None}
    assert sc.rows(token, "Dealer_Notes", ["dealer_id"], {"subject": tag}) == [{"dealer_id": None}]
    assert sc.rows(token, "Dealer_History", ["dealer_id"], {"column_name": tag}) == [
        {"dealer_id": None}]


def test_deleting_users_and_roles_removes_their_role_links(sc, admin, module_server):
    role_name = unique("Role")
    role = sc.new(admin.token, "Role", role=role_name, key="k")
    users = [sc.add_user(roles=(role_name,)) for _ in range(2)]
    sc.deleted(admin.token, "User", {"id": users[0].id})
    assert sql_ints(module_server,
                    f"SELECT role_id FROM user_roles WHERE user_id = {users[0].id}") == []
    assert sc.one(admin.token, "Role", role, ["users.id"]) == {"users": [{"id": users[1].id}]}
    sc.deleted(admin.token, "Role", {"id": role})
    assert sql_ints(module_server, f"SELECT user_id FROM user_roles WHERE role_id = {role}") == []
    assert sc.one(admin.token, "User", users[1].id, ["roles.id"]) == {"roles": []}
