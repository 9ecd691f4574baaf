"""The schemes face (Beyo) meets v1 (FlowTrack): one users table and one roles table (design.md).
A v1 user reads phone "" on the schemes face and can be updated there; a v1 member sees no one
else's email through schemes (v1 lists users to admins only: the stricter rule wins); Beyo's
"Admin" is v1's "admin" (roles match case-insensitively); access tokens of either face work on
the other; a user who owns v1 content cannot be deleted through schemes."""

import pytest

from api.schemes.schemes_support import (ACQUIRED, EXCEPTION, INTEGRITY, PERMISSION, Schemes,
                                         assert_error, assert_ok, assert_sqlstate, link, op,
                                         unlink)
from api.support import DEFAULT_PASSWORD, assert_error as assert_detail, unique, unique_email
from api.v1.work_fixtures import ADMIN_ONLY, work  # noqa: F401 (a fixture)

from api.cross_face.cross_support import user_int_id

NO_OBJECTS = "No objects found in model"


@pytest.fixture(scope="module")
def sc(module_server):
    return Schemes(module_server)


def schemes_login(sc, account) -> str:
    return sc.login(account.email, account.password)


def own_row(sc, token, requested):
    return sc.rows(token, "User", requested, {})


def make_role(sc, token):
    return sc.create(token, "Role", {"role": unique("role"), "key": "k"})


# --- v1 users on the schemes face --------------------------------------------------------------


def test_v1_user_reads_empty_phone_and_can_be_updated_here(api, sc, admin, member, module_server):
    member_id = user_int_id(module_server, member.id)
    token = schemes_login(sc, member)
    assert own_row(sc, token, ["id", "email", "phone", "roles.role"]) == [
        {"id": member_id, "email": member.email, "phone": "", "roles": []}]
    sc.updated(token, "User", {"id": member_id}, {"phone": "+41 1", "password": "changed-pw-1"},
               ref="user")
    assert own_row(sc, token, ["phone"]) == [{"phone": "+41 1"}]
    me = api.me(member.token)  # v1 goes on with the same row
    assert me.status_code == 200 and me.json()["email"] == member.email
    assert api.login(member.email, "changed-pw-1").role == "member"
    admin_token = schemes_login(sc, admin)
    sc.updated(admin_token, "User", {"id": member_id}, {"phone": "+41 2"})
    assert own_row(sc, token, ["phone"]) == [{"phone": "+41 2"}]


def test_v1_member_cannot_read_other_users_through_schemes(sc, admin, member, module_server):
    token = schemes_login(sc, member)
    member_id = user_int_id(module_server, member.id)
    admin_id = user_int_id(module_server, admin.id)
    assert [r["id"] for r in own_row(sc, token, ["id", "email"])] == [member_id]
    for filters in ({"id": admin_id}, {"email": admin.email},
                    {"email": op("like", "%@%"), "id": op("!=", member_id)}):
        assert_error(sc.get_items(token, "User", ["email"], filters), 400, EXCEPTION, NO_OBJECTS)
    assert_error(sc.get_items(token, "Role", [{"users": ["email"]}], {}), 400, EXCEPTION,
                 "No relationship users in model Role")
    assert_error(sc.get_items(token, "Role", ["id"], {"users.email": admin.email}), 400,
                 EXCEPTION, "No relationship users in model Role")
    # The same with the member's v1 token.
    assert [r["id"] for r in own_row(sc, member.token, ["id"])] == [member_id]


# --- roles -------------------------------------------------------------------------------------


def test_schemes_admin_is_a_v1_admin(api, sc, module_server, admin):
    email = unique_email("beyo")
    module_server.add_user(email, password=DEFAULT_PASSWORD, roles=("Admin",),
                           username=unique("beyo"))
    account = api.login(email, DEFAULT_PASSWORD)
    assert account.role == "admin"
    assert api.get("/users/", token=account.token).status_code == 200


def test_user_made_admin_through_schemes_is_a_v1_admin(api, sc, admin):
    admin_token = schemes_login(sc, admin)
    email, password = unique_email("made"), "made-pw-1"
    sc.created(admin_token, "User", {"username": unique("made"), "email": email, "phone": "1",
                                     "password": password,
                                     "roles": link("Role", {"role": op("ilike", "ADMIN")})})
    account = api.login(email, password)
    assert account.role == "admin"
    assert api.get("/users/", token=account.token).status_code == 200


def test_v1_admin_is_a_schemes_admin(api, sc, admin, module_server):
    other = api.register()
    other_id = user_int_id(module_server, other.id)
    for token in (admin.token, schemes_login(sc, admin)):
        assert make_role(sc, token).status_code == 201
        assert sc.rows(token, "User", ["id", "email"], {"id": other_id}) == [
            {"id": other_id, "email": other.email}]


def test_v1_member_is_no_schemes_admin(api, sc, member):
    for token in (member.token, schemes_login(sc, member)):
        assert_error(make_role(sc, token), 403, PERMISSION)


def test_v1_role_changes_reach_schemes_tokens(api, sc, admin, member):
    token = schemes_login(sc, member)
    assert_error(make_role(sc, token), 403, PERMISSION)
    assert api.put(f"/users/{member.id}", token=admin.token,
                   json={"role": "admin"}).status_code == 200
    assert make_role(sc, token).status_code == 201
    assert api.put(f"/users/{member.id}", token=admin.token,
                   json={"role": "member"}).status_code == 200
    assert_error(make_role(sc, token), 403, PERMISSION)


def test_schemes_role_changes_reach_v1_tokens(api, sc, admin, member, module_server):
    admin_token = schemes_login(sc, admin)
    member_id = user_int_id(module_server, member.id)
    sc.updated(admin_token, "User", {"id": member_id}, {"roles": link(
        "Role", {"role": op("ilike", "admin")})})
    assert api.get("/users/", token=member.token).status_code == 200
    sc.updated(admin_token, "User", {"id": member_id}, {"roles": unlink("unlink_all")})
    assert_detail(api.get("/users/", token=member.token), 403, ADMIN_ONLY)


# --- tokens ------------------------------------------------------------------------------------


def test_v1_token_works_here_and_schemes_token_works_there(api, sc, member, module_server):
    member_id = user_int_id(module_server, member.id)
    assert assert_ok(sc.get_items(member.token, "User", ["id"], {}), 200, ACQUIRED) == [
        {"id": member_id}]
    assert assert_ok(sc.probe(member.token, ["id"]), 200, "user is authenticated.") == [
        {"id": member_id}]
    token = schemes_login(sc, member)
    me = api.me(token)
    assert me.status_code == 200 and me.json()["id"] == member.id


def test_v1_refresh_token_is_refused_here(sc, member):
    env = assert_error(sc.get_items(member.refresh, "User", ["id"], {}), 401, "Invalid token")
    assert env["server_message"] == ""


def test_schemes_logout_revokes_a_v1_access_token(api, sc):
    account = api.register()
    assert_ok(sc.post("/api/logout", token=account.token, json={}), 200, "User logged out")
    assert_detail(api.me(account.token), 401, "Could not validate credentials")
    assert_error(sc.get_items(account.token, "User", ["id"], {}), 401, "Invalid token")


def test_v1_deleted_user_loses_the_schemes_face(api, sc, admin):
    account = api.register()
    token = schemes_login(sc, account)
    assert sc.get_items(token, "User", ["id"], {}).status_code == 200
    assert api.delete(f"/users/{account.id}", token=admin.token).status_code == 204
    assert_error(sc.get_items(token, "User", ["id"], {}), 401, "Invalid token")
    assert_error(sc.get_items(account.token, "User", ["id"], {}), 401, "Invalid token")


def test_user_made_here_logs_into_v1_as_a_member(api, sc, admin):
    admin_token = schemes_login(sc, admin)
    email, password = unique_email("beyo"), "beyo-pw-1"
    sc.created(admin_token, "User", {"username": unique("beyo"), "email": email,
                                     "phone": "+41", "password": password})
    account = api.login(email, password)
    assert account.role == "member"
    assert api.me(account.token).json()["email"] == email


# --- owners of v1 content ----------------------------------------------------------------------


def test_deleting_a_user_who_owns_v1_content_fails_and_changes_nothing(api, sc, admin, work,
                                                                       module_server):
    email = unique_email("owner")
    module_server.add_user(email, password=DEFAULT_PASSWORD, roles=("admin",), name="Owner")
    owner = api.login(email, DEFAULT_PASSWORD)
    project = work.project(owner)
    task = work.task(owner, project)
    owner_id = user_int_id(module_server, owner.id)
    admin_token = schemes_login(sc, admin)
    env = assert_error(sc.delete(admin_token, "User", {"id": owner_id}, ref="User owner"), 400,
                       INTEGRITY)
    assert_sqlstate(env, "23503")
    assert sc.ids(admin_token, "User", {"id": owner_id}) == [owner_id]
    assert sc.one(admin_token, "User", owner_id, ["roles.role"])["roles"] != []
    assert work.get(owner, f"/tasks/{task['id']}") == task
    assert api.me(owner.token).json()["role"] == "admin"
    # delete_all over several users is all or nothing too.
    other = api.register()
    other_id = user_int_id(module_server, other.id)
    resp = sc.delete(admin_token, "User", {"id": op("in", [owner_id, other_id])}, "delete_all")
    assert_error(resp, 400, INTEGRITY)
    assert sc.ids(admin_token, "User", {"id": op("in", [owner_id, other_id])}) == sorted(
        [owner_id, other_id], reverse=True)
