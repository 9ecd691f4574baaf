"""Users and roles as the schemes face sees the platform's tables (issue 10 decisions 1-3):
phone "" for users made elsewhere, `tandem user add --phone/--role`, case-insensitive role
reuse and uniqueness, filters that compare as written, nothing seeded implicitly."""

from api.support import unique, unique_email
from api.schemes.schemes_support import (EXCEPTION, INTEGRITY, Schemes, assert_error,
                                         assert_sqlstate, op, sql, sql_ints)

NO_OBJECTS = "No objects found in model"


def test_cli_user_without_phone_reads_empty_and_can_be_updated(sc, admin):
    user = sc.new_user()  # no --phone
    assert sc.one(admin.token, "User", user.id, ["phone", "profile_picture", "metafields"]) == {
        "phone": "", "profile_picture": None, "metafields": None}
    assert sc.rows(user.token, "User", ["phone"], {}) == [{"phone": ""}]
    sc.updated(user.token, "User", {"id": user.id}, {"profile_picture": "p.png"})
    assert sc.one(admin.token, "User", user.id, ["phone", "profile_picture"]) == {
        "phone": "", "profile_picture": "p.png"}
    sc.updated(admin.token, "User", {"id": user.id}, {"phone": "+41 1"})
    assert sc.rows(user.token, "User", ["phone"], {}) == [{"phone": "+41 1"}]


def test_cli_phone_flag(sc, admin):
    user = sc.add_user(phone="+41 79 555 55 55")
    assert sc.one(admin.token, "User", user.id, ["phone", "email", "username"]) == {
        "phone": "+41 79 555 55 55", "email": user.email, "username": user.username}


def test_cli_role_reuses_a_role_in_any_spelling(sc, admin, module_server):
    shouting = sc.new_user(roles=("ADMIN",))
    lower = sc.add_user(roles=("admin",))
    rows = sc.rows(admin.token, "Role", ["id", "role", "users.id"],
                   {"role": op("ilike", "admin")})
    assert len(rows) == 1 and rows[0]["role"] == "Admin"
    assert {admin.id, shouting.id, lower.id} <= {u["id"] for u in rows[0]["users"]}
    # Holding "Admin" in any spelling makes an admin.
    assert sc.create(shouting.token, "Role", {"role": unique("r"), "key": "k"}).status_code == 201


def test_cli_role_is_created_when_missing_with_a_random_key(sc, admin):
    name = unique("Photographer")
    first = sc.add_user(roles=(name,))
    second = sc.add_user(roles=(name.upper(),))
    rows = sc.rows(admin.token, "Role", ["role", "key", "users.id"], {"role": name})
    assert len(rows) == 1 and rows[0]["role"] == name
    assert isinstance(rows[0]["key"], str) and len(rows[0]["key"]) >= 16
    assert {u["id"] for u in rows[0]["users"]} == {first.id, second.id}
    other = sc.add_user(roles=(unique("Other"),))
    other_key = sc.rows(admin.token, "Role", ["key"], {"users.id": other.id})[0]["key"]
    assert other_key != rows[0]["key"]


def test_cli_user_without_role_has_none(sc, admin):
    user = sc.add_user()
    assert sc.one(admin.token, "User", user.id, ["roles.role"]) == {"roles": []}


def test_role_filters_compare_as_written(sc, admin, worker):
    assert sc.ids(worker.token, "Role", {"role": "Worker"}) != []
    for spelling in ("worker", "WORKER"):
        resp = sc.get_items(worker.token, "Role", ["id"], {"role": spelling})
        assert_error(resp, 400, EXCEPTION, NO_OBJECTS)
    resp = sc.get_items(admin.token, "User", ["id"], {"email": worker.email.upper()})
    assert_error(resp, 400, EXCEPTION, NO_OBJECTS)


def test_role_names_are_unique_case_insensitively(sc, admin, worker):
    env = assert_error(sc.create(admin.token, "Role", {"role": "WORKER", "key": "k"}), 400,
                       INTEGRITY)
    assert env["message"] == ("[Database Integrity Error] The value 'WORKER' for field 'role' "
                              "already exists.")
    assert_sqlstate(env, "23505")
    name = unique("Team")
    role = sc.new(admin.token, "Role", role=name, key="k")
    env = assert_error(sc.update(admin.token, "Role", {"id": role}, {"role": "worker"}), 400,
                       INTEGRITY)
    assert_sqlstate(env, "23505")
    assert sc.one(admin.token, "Role", role, ["role"]) == {"role": name}


def test_role_created_here_keeps_its_spelling_and_is_found_by_the_cli(sc, admin):
    name = unique("Restorer")
    role = sc.new(admin.token, "Role", role=name, key="k1")
    user = sc.add_user(roles=(name.lower(),))
    assert sc.one(admin.token, "Role", role, ["role", "key", "users.id"]) == {
        "role": name, "key": "k1", "users": [{"id": user.id}]}


def test_updated_at_is_touched_on_update(sc, admin, module_server):
    user = sc.add_user()
    before = sql_ints(module_server, f"SELECT updated_at FROM users WHERE id = {user.id}")[0]
    sc.updated(admin.token, "User", {"id": user.id}, {"profile_picture": "x.png"})
    after = sql_ints(module_server, f"SELECT updated_at FROM users WHERE id = {user.id}")[0]
    assert after > before


def test_user_created_here_gets_uuid_and_timestamps(sc, admin, module_server):
    username = unique("u")
    body = sc.created(admin.token, "User", {"username": username, "email": unique_email("c"),
                                            "phone": "1", "password": "pw-created-1"}, ["id"])
    (row,) = sql(module_server, "SELECT uuid, created_at, updated_at, active FROM users "
                                f"WHERE id = {body[0]['id']}")
    uuid, created, updated, active = row
    assert len(uuid) == 36 and int(created) > 0 and int(updated) >= int(created)
    assert active in ("1", "t", "True", "true")


def test_nothing_is_seeded(start_server):
    srv = start_server()
    sc = Schemes(srv)
    user = sc.new_user()
    assert_error(sc.get_items(user.token, "Role", ["id"], {}), 400, EXCEPTION,
                 f"{NO_OBJECTS} Role")
    assert sc.rows(user.token, "User", ["id"], {}) == [{"id": user.id}]
    assert sql_ints(srv, "SELECT count(*) FROM users") == [1]
    assert sql_ints(srv, "SELECT count(*) FROM roles") == [0]
    assert sql_ints(srv, "SELECT count(*) FROM items") == [0]
