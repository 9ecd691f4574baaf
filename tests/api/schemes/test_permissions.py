"""Who may do what (spec/beyo.md §5.2, issue decisions 7, 8, 12, and design.md's "no face is a
back door"): User and Role writes and User.roles links are an admin's; a non-admin may update
only their own profile fields; history rows are create-only; passwords and role keys are never
read or filtered (keys: admins read them); a non-admin's User query sees only their own row and
Role.users is the admin's alone. Nested actions are checked like top-level ones."""

import pytest

from api.support import unique, unique_email
from api.schemes.schemes_support import (ACQUIRED, EXCEPTION, LOGIN_FAILED, PERMISSION,
                                         assert_error, assert_ok, create_rel, link, op, unlink)

NO_OBJECTS = "No objects found in model"


def new_user_values(**over) -> dict:
    return {"username": unique("u"), "email": unique_email("perm"), "phone": "+41",
            "password": "pw-perm-1", **over}


def forbidden(resp, verb, model):
    env = assert_error(resp, 403, PERMISSION)
    assert verb in env["message"] and model in env["message"], env


# --- User and Role writes ----------------------------------------------------------------------


def test_non_admin_cannot_create_users_or_roles(sc, worker, admin):
    values = new_user_values()
    forbidden(sc.create(worker.token, "User", values), "create", "User")
    forbidden(sc.create(worker.token, "Role", {"role": unique("r"), "key": "k"}), "create", "Role")
    assert sc.ids(admin.token, "User", {"username": values["username"]}) == []


def test_admin_creates_users_and_roles(sc, admin):
    role = unique("Role")
    body = sc.created(admin.token, "Role", {"role": role, "key": "secret-key"},
                      ["role", "key", "users.id"])
    assert body == [{"role": role, "key": "secret-key", "users": []}]
    values = new_user_values(roles=link("Role", {"role": role}))
    body = sc.created(admin.token, "User", values, ["username", "roles.role"])
    assert body == [{"username": values["username"], "roles": [{"role": role}]}]
    assert sc.login(values["email"], values["password"])
    # Nested: a new role made together with the user.
    nested_role = unique("Nested")
    values = new_user_values(roles=create_rel("Role", {"role": nested_role, "key": "k2"}))
    body = sc.created(admin.token, "User", values, [{"roles": ["role", "key"]}])
    assert body == [{"roles": [{"role": nested_role, "key": "k2"}]}]


def test_non_admin_cannot_update_or_delete_others(sc, worker, admin):
    other = sc.add_user(phone="+41 5")
    forbidden(sc.update(worker.token, "User", {"id": other.id}, {"phone": "hacked"}), "update",
              "User")
    forbidden(sc.delete(worker.token, "User", {"id": other.id}), "delete", "User")
    role = sc.new(admin.token, "Role", role=unique("r"), key="k")
    forbidden(sc.update(worker.token, "Role", {"id": role}, {"metafields": {}}), "update", "Role")
    forbidden(sc.delete(worker.token, "Role", {"id": role}), "delete", "Role")
    assert sc.one(admin.token, "User", other.id, ["phone"]) == {"phone": "+41 5"}
    assert sc.ids(admin.token, "Role", {"id": role}) == [role]


def test_non_admin_cannot_delete_themselves(sc, admin):
    user = sc.new_user()
    forbidden(sc.delete(user.token, "User", {"id": user.id}), "delete", "User")
    assert sc.ids(admin.token, "User", {"id": user.id}) == [user.id]


def test_admin_updates_and_deletes_users(sc, admin):
    user = sc.add_user(phone="+41 6")
    sc.updated(admin.token, "User", {"id": user.id}, {"phone": "+41 7", "password": "new-pw-1",
                                                      "metafields": {"team": "a"}})
    assert sc.one(admin.token, "User", user.id, ["phone", "metafields"]) == {
        "phone": "+41 7", "metafields": {"team": "a"}}
    assert sc.login(user.email, "new-pw-1")
    assert_error(sc.login_raw(user.email, user.password), 401, LOGIN_FAILED)
    sc.deleted(admin.token, "User", {"id": user.id})
    assert sc.ids(admin.token, "User", {"id": user.id}) == []


# --- the own profile (decision 12) -------------------------------------------------------------


def test_own_profile_update_needs_no_old_password(sc, admin):
    user = sc.new_user(phone="+41 1")
    new = {"username": unique("renamed"), "email": unique_email("renamed"), "phone": "+41 2",
           "password": "brand-new-pw", "profile_picture": "https://s3/p.png"}
    sc.updated(user.token, "User", {"id": user.id}, new, "first_match", "user")
    assert sc.one(user.token, "User", user.id, list(new.keys() - {"password"})) == {
        k: v for k, v in new.items() if k != "password"}
    assert sc.login(new["email"], "brand-new-pw")
    assert_error(sc.login_raw(new["email"], user.password), 401, LOGIN_FAILED)
    sc.updated(user.token, "User", {"username": new["username"]}, {"phone": "+41 3"},
               "all_matches")
    assert sc.one(admin.token, "User", user.id, ["phone"]) == {"phone": "+41 3"}


@pytest.mark.parametrize("values", [{"metafields": {"x": 1}}, {"phone": "1", "metafields": {}},
                                    {"roles": unlink("unlink_all")}])
def test_own_profile_fields_only(sc, admin, values):
    user = sc.new_user(roles=("Worker",), phone="+41 4")
    forbidden(sc.update(user.token, "User", {"id": user.id}, values), "update", "User")
    assert sc.one(admin.token, "User", user.id, ["phone", "metafields", "roles.role"]) == {
        "phone": "+41 4", "metafields": None, "roles": [{"role": "Worker"}]}


def test_own_profile_cannot_grant_roles(sc, admin):
    user = sc.new_user()
    forbidden(sc.update(user.token, "User", {"id": user.id}, {"roles": link(
        "Role", {"role": op("ilike", "admin")})}), "update", "User")
    forbidden(sc.update(user.token, "User", {"id": user.id}, {"roles": create_rel(
        "Role", {"role": unique("mine"), "key": "k"})}), "update", "User")
    assert sc.one(admin.token, "User", user.id, ["roles.id"]) == {"roles": []}
    assert_error(sc.create(user.token, "Role", {"role": "x", "key": "k"}), 403, PERMISSION)


def test_own_profile_filter_must_match_only_the_caller(sc, admin):
    user = sc.new_user(phone="+41 8")
    other = sc.add_user(phone="+41 9")
    for filters, kind in (({"id": op("in", [user.id, other.id])}, "all_matches"),
                          ({"id": other.id}, "first_match"),
                          ({"username": unique("nobody")}, "first_match"),
                          ({"id": op(">", 0)}, "all_matches")):
        forbidden(sc.update(user.token, "User", filters, {"phone": "changed"}, kind),
                  "update", "User")
    assert sc.one(admin.token, "User", user.id, ["phone"]) == {"phone": "+41 8"}
    assert sc.one(admin.token, "User", other.id, ["phone"]) == {"phone": "+41 9"}


# --- history models (decision 8) ---------------------------------------------------------------


def test_history_rows_are_created_by_anyone(sc, token):
    tag = unique("hist")
    item = sc.new(token, "Item", created_by=tag)
    body = sc.created(token, "Item_History", {"type": "Created", "user_name": tag,
                                              "item": link("Item", {"id": item})},
                      ["type", "item_id"])
    assert body == [{"type": "Created", "item_id": item}]
    dealer = sc.new(token, "Dealer", dealer_name=tag)
    body = sc.created(token, "Dealer_History", {"column_name": tag,
                                                "dealer": link("Dealer", {"id": dealer})},
                      ["column_name", "dealer_id"])
    assert body == [{"column_name": tag, "dealer_id": dealer}]


@pytest.mark.parametrize("model", ["Item_History", "Dealer_History"])
def test_history_is_never_updated_or_deleted(sc, worker, admin, model):
    row = sc.new(worker.token, model, column_name=unique("h"))
    for caller in (worker, admin):
        forbidden(sc.update(caller.token, model, {"id": row}, {"column_name": "x"}), "update",
                  model)
        forbidden(sc.delete(caller.token, model, {"id": row}), "delete", model)
        forbidden(sc.delete(caller.token, model, {"id": row}, "delete_all"), "delete", model)
    assert sc.ids(admin.token, model, {"id": row}) == [row]


def test_history_through_also_do_is_still_create_only(sc, token):
    tag = unique("histn")
    item = sc.new(token, "Item", created_by=tag, item_history=create_rel(
        "Item_History", {"type": "Created"}))
    # create_through_rel on item_history would update history rows.
    resp = sc.update(token, "Item", {"id": item}, {"item_history": {
        "action": "create_through_rel", "values": {"type": "rewritten"}}})
    forbidden(resp, "update", "Item_History")
    assert sc.one(token, "Item", item, ["item_history.type"]) == {
        "item_history": [{"type": "Created"}]}


def test_history_is_not_updated_through_also_do(sc, token):
    tag = unique("histl")
    item = sc.new(token, "Item", created_by=tag, item_history=create_rel(
        "Item_History", {"type": "Created", "user_name": tag}))
    history = sc.ids(token, "Item_History", {"user_name": tag})
    dealer = sc.new(token, "Dealer", dealer_name=tag, dealer_history=create_rel(
        "Dealer_History", {"column_name": tag}))
    attempts = [
        ("Item", item, {"item_history": link("Item_History", {"id": history[0]},
                                             also_do={"type": "rewritten"})}),
        ("Dealer", dealer, {"dealer_history": link("Dealer_History", {"column_name": tag},
                                                   "all_link", also_do={"column_name": "x"})}),
    ]
    for model, row, values in attempts:
        # also_do on a linked history row is an update of that row (§5.2: never updated).
        forbidden(sc.update(token, model, {"id": row}, values), "update", f"{model}_History")
    assert sc.rows(token, "Item_History", ["type", "item_id"], {"user_name": tag}) == [
        {"type": "Created", "item_id": item}]
    assert sc.rows(token, "Dealer_History", ["column_name", "dealer_id"],
                   {"column_name": tag}) == [{"column_name": tag, "dealer_id": dealer}]


# --- reading users and roles -------------------------------------------------------------------


def test_non_admin_sees_only_their_own_user_row(sc, worker, admin):
    assert sc.rows(worker.token, "User", ["id", "email"], {}) == [
        {"id": worker.id, "email": worker.email}]
    resp = sc.get_items(worker.token, "User", ["id"], {"id": admin.id})
    assert_error(resp, 400, EXCEPTION, NO_OBJECTS)
    resp = sc.get_items(worker.token, "User", ["id"], {"email": admin.email})
    assert_error(resp, 400, EXCEPTION, NO_OBJECTS)
    assert sc.rows(worker.token, "User", ["username", "roles.role"], {"id": worker.id}) == [
        {"username": worker.username, "roles": [{"role": "Worker"}]}]


def test_admin_sees_every_user(sc, worker, admin):
    rows = sc.rows(admin.token, "User", ["id", "email", "phone"],
                   {"id": op("in", [worker.id, admin.id])})
    assert rows == [{"id": worker.id, "email": worker.email,
                     "phone": worker.phone},
                    {"id": admin.id, "email": admin.email, "phone": admin.phone}]
    rows = sc.rows(admin.token, "User", ["roles.role"], {"id": worker.id})
    assert rows == [{"roles": [{"role": "Worker"}]}]


def test_users_list_of_the_client_without_per_page(sc, worker, admin):
    requested = ["id", "username", "email", "phone", {"roles": ["role"]}, "profile_picture"]
    body = assert_ok(sc.call("get_items", {"model_name": "User", "requested_data": requested,
                                           "query_filters": {}}, admin.token), 200, ACQUIRED)
    assert {r["id"] for r in body} >= {worker.id, admin.id}
    body = assert_ok(sc.call("get_items", {"model_name": "User", "requested_data": requested,
                                           "query_filters": {}}, worker.token), 200, ACQUIRED)
    assert [r["id"] for r in body] == [worker.id]


@pytest.mark.parametrize("caller", ["worker", "admin"])
def test_passwords_are_never_read_or_filtered(sc, caller, request):
    account = request.getfixturevalue(caller)
    text = "No column found with name: password in model User"
    assert_error(sc.get_items(account.token, "User", ["password"], {}), 400, EXCEPTION, text)
    assert_error(sc.get_items(account.token, "User", ["id"], {"password": "x"}), 400, EXCEPTION,
                 text)
    assert_error(sc.get_items(account.token, "User", ["id"], {"password": op("like", "%")}), 400,
                 EXCEPTION, text)
    assert_error(sc.get_items(account.token, "Role", ["users.password"], {}), 400, EXCEPTION)
    assert_error(sc.get_items(account.token, "Role", ["id"], {"users.password": "x"}), 400,
                 EXCEPTION)


def test_created_user_projection_cannot_return_the_password(sc, admin):
    values = new_user_values()
    resp = sc.create(admin.token, "User", values, ["id", "password"])
    assert_error(resp, 400, EXCEPTION, "No column found with name: password in model User")
    assert sc.ids(admin.token, "User", {"username": values["username"]}) == []


def test_role_keys(sc, worker, admin):
    text = "No column found with name: key in model Role"
    assert_error(sc.get_items(worker.token, "Role", ["role", "key"], {}), 400, EXCEPTION, text)
    assert_error(sc.get_items(worker.token, "User", [{"roles": ["key"]}], {}), 400, EXCEPTION,
                 text)
    for caller in (worker, admin):
        assert_error(sc.get_items(caller.token, "Role", ["id"], {"key": "x"}), 400, EXCEPTION,
                     text)
        assert_error(sc.get_items(caller.token, "User", ["id"], {"roles.key": "x"}), 400,
                     EXCEPTION, text)
    rows = sc.rows(admin.token, "Role", ["role", "key"], {"role": "Worker"})
    assert len(rows) == 1 and rows[0]["role"] == "Worker" and isinstance(rows[0]["key"], str)
    assert sc.rows(worker.token, "Role", ["role"], {"role": "Worker"}) == [{"role": "Worker"}]


def test_role_users_is_the_admins(sc, worker, admin):
    text = "No relationship users in model Role"
    assert_error(sc.get_items(worker.token, "Role", [{"users": ["id"]}], {}), 400, EXCEPTION,
                 text)
    assert_error(sc.get_items(worker.token, "Role", ["users.email"], {}), 400, EXCEPTION, text)
    assert_error(sc.get_items(worker.token, "Role", ["id"], {"users.email": admin.email}), 400,
                 EXCEPTION, text)
    assert_error(sc.get_items(worker.token, "User", [{"roles": [{"users": ["email"]}]}], {}),
                 400, EXCEPTION, text)
    assert_error(sc.get_items(worker.token, "User", ["id"], {"roles.users.email": admin.email}),
                 400, EXCEPTION, text)
    rows = sc.rows(admin.token, "Role", ["users.id"], {"role": op("ilike", "admin")})
    assert {"id": admin.id} in rows[0]["users"]
    assert sc.ids(admin.token, "Role", {"users.email": admin.email}) != []


def test_role_users_cannot_be_written_by_a_non_admin(sc, worker, admin):
    role = sc.new(admin.token, "Role", role=unique("r"), key="k")
    forbidden(sc.update(worker.token, "Role", {"id": role}, {"users": link(
        "User", {"id": worker.id})}), "update", "Role")
    assert sc.one(admin.token, "Role", role, ["users.id"]) == {"users": []}
    sc.updated(admin.token, "Role", {"id": role}, {"users": link("User", {"id": worker.id})})
    assert sc.one(admin.token, "Role", role, ["users.id"]) == {"users": [{"id": worker.id}]}
    sc.updated(admin.token, "Role", {"id": role}, {"users": unlink("unlink_all")})
    assert sc.one(admin.token, "Role", role, ["users.id"]) == {"users": []}


# --- everyone's models -------------------------------------------------------------------------


@pytest.mark.parametrize("model, values", [
    ("Item", {"category": "c"}), ("Item_Note", {"note_content": "c"}),
    ("Item_Notes_Subject", {"subject": "c"}), ("Dealer", {"dealer_name": "c"}),
    ("Dealer_Notes", {"subject": "c"})])
def test_every_user_writes_the_inventory(sc, token, model, values):
    row = sc.new(token, model, **values)
    column = next(iter(values))
    sc.updated(token, model, {"id": row}, {column: "changed"})
    assert sc.one(token, model, row, [column]) == {column: "changed"}
    sc.deleted(token, model, {"id": row})
    assert sc.ids(token, model, {"id": row}) == []
