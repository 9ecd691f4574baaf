"""v1 users endpoints (spec/flowtrack.md §2.5, §2.0 conventions, App. B)."""

import uuid
from datetime import datetime

import pytest

from api.support import (
    USER_KEYS, assert_422, assert_error, assert_user_shape, unique, unique_email,
)

ADMIN_ONLY = "Not enough permissions. Admin access required."


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _ids(resp):
    assert resp.status_code == 200, resp.text
    return [u["id"] for u in resp.json()]


# --- /users/me -------------------------------------------------------------------------------


def test_me_returns_user_response(api, admin):
    acct = api.register(name="Me Myself")
    resp = api.me(acct.token)
    assert resp.status_code == 200, resp.text
    user = resp.json()
    assert_user_shape(user)
    assert list(user) == USER_KEYS
    assert user["id"] == acct.id
    assert user["name"] == "Me Myself"
    assert user["email"] == acct.email
    assert user["role"] == "member"
    assert user["created_at"] == user["updated_at"]


def test_user_text_is_utf8_with_only_quotes_backslashes_and_controls_escaped(api, admin):
    # FastAPI's JSONResponse: json.dumps(ensure_ascii=False, separators=(",", ":")).
    name = 'José "Zoë" \\ 日本\t\x01'
    acct = api.register(name=name)
    resp = api.me(acct.token)
    assert resp.json()["name"] == name
    assert '"name":"José \\"Zoë\\" \\\\ 日本\\t\\u0001"' in resp.content.decode("utf-8")
    listed = api.get("/users/", token=admin.token, params={"search": "Zoë", "limit": 1000})
    assert [u["name"] for u in listed.json()] == [name]


def test_me_for_admin(api, admin):
    assert api.me(admin.token).json()["role"] == "admin"


# --- admin gate ------------------------------------------------------------------------------


def _admin_routes(target_id):
    return [
        ("GET", "/users/", None), ("GET", "/users", None), ("GET", f"/users/{target_id}", None),
        ("PUT", f"/users/{target_id}", {"name": "hacked"}), ("DELETE", f"/users/{target_id}", None),
    ]


def test_admin_routes_reject_members_403(api, admin, member):
    victim = api.register()
    for method, path, body in _admin_routes(victim.id):
        resp = api.request(method, path, token=member.token, json=body)
        assert_error(resp, 403, ADMIN_ONLY)
    # Nothing was changed or deleted.
    me = api.me(victim.token)
    assert me.status_code == 200 and me.json()["name"] == victim.name


def test_admin_routes_without_token_403(api, admin):
    for method, path, body in _admin_routes(admin.id):
        assert_error(api.request(method, path, json=body), 403, "Not authenticated")


def test_member_with_invalid_body_on_admin_route_gets_403_not_422(api, member):
    resp = api.put(f"/users/{member.id}", token=member.token, json={"role": "owner"})
    assert_error(resp, 403, ADMIN_ONLY)
    resp = api.put("/users/not-a-uuid", token=member.token, json={"email": "bad"})
    assert_error(resp, 403, ADMIN_ONLY)


# --- list ----------------------------------------------------------------------------------------


def test_list_serves_both_slash_forms_without_redirect(api, admin, member):
    with_slash = api.get("/users/", token=admin.token, params={"limit": 1000})
    without = api.get("/users", token=admin.token, params={"limit": 1000})
    assert with_slash.status_code == 200, with_slash.text
    assert without.status_code == 200, without.text
    assert with_slash.json() == without.json()
    assert member.id in _ids(without)
    for user in without.json():
        assert_user_shape(user)


def test_list_is_in_registration_order(api, admin):
    tag = unique("ord")
    made = [api.register(name=f"{tag} {i}") for i in range(4)]
    assert _ids(api.get("/users", token=admin.token, params={"search": tag})) == [a.id for a in made]
    everyone = api.get("/users", token=admin.token, params={"limit": 1000}).json()
    assert everyone[0]["id"] == admin.id
    ids = [u["id"] for u in everyone]
    assert ids.index(made[0].id) < ids.index(made[1].id) < ids.index(made[2].id)


def test_list_default_limit_is_100(api, admin):
    while len(api.get("/users", token=admin.token, params={"limit": 1000}).json()) <= 101:
        api.register()
    assert len(api.get("/users", token=admin.token).json()) == 100
    assert len(api.get("/users", token=admin.token, params={"limit": 101}).json()) == 101


def test_list_search_name_or_email_case_insensitive(api, admin):
    tag = unique("srch")
    by_name = api.register(name=f"Zed {tag} Zed")
    by_email = api.register(name="Other", email=f"{tag}.two@example.com")
    by_upper = api.register(name=tag.upper())
    api.register(name="unrelated")
    expected = [by_name.id, by_email.id, by_upper.id]
    assert _ids(api.get("/users", token=admin.token, params={"search": tag})) == expected
    assert _ids(api.get("/users", token=admin.token, params={"search": tag.upper()})) == expected
    assert _ids(api.get("/users", token=admin.token, params={"search": f"{tag}.two@"})) == [
        by_email.id]


def test_list_search_treats_like_wildcards_literally(api, admin):
    tag = unique("wild")
    percent = api.register(name=f"100%{tag}")
    api.register(name=f"100x{tag}")
    underscore = api.register(name=f"a_b{tag}")
    api.register(name=f"axb{tag}")
    assert _ids(api.get("/users", token=admin.token, params={"search": f"%{tag}"})) == [percent.id]
    assert _ids(api.get("/users", token=admin.token, params={"search": f"_b{tag}"})) == [
        underscore.id]
    assert _ids(api.get("/users", token=admin.token, params={"search": f"0%{tag}"})) == [percent.id]
    assert _ids(api.get("/users", token=admin.token, params={"search": "%_%" + tag})) == []


def test_list_empty_query_params_mean_no_filter(api, admin, member):
    plain = _ids(api.get("/users", token=admin.token, params={"limit": 1000}))
    empty = _ids(api.get("/users", token=admin.token,
                         params={"limit": 1000, "search": "", "role": "", "skip": 0}))
    assert empty == plain
    assert admin.id in empty and member.id in empty


def test_list_role_filter(api, admin, member):
    admins = api.get("/users", token=admin.token, params={"role": "admin", "limit": 1000})
    members = api.get("/users", token=admin.token, params={"role": "member", "limit": 1000})
    assert admin.id in _ids(admins) and member.id not in _ids(admins)
    assert member.id in _ids(members) and admin.id not in _ids(members)
    assert {u["role"] for u in admins.json()} == {"admin"}
    assert {u["role"] for u in members.json()} == {"member"}


@pytest.mark.parametrize("role", ["owner", "superuser", "1"])
def test_list_unknown_role_is_empty(api, admin, role):
    resp = api.get("/users", token=admin.token, params={"role": role})
    assert resp.status_code == 200, resp.text
    assert resp.json() == []


def test_list_role_and_search_combine(api, admin):
    tag = unique("combo")
    plain = api.register(name=f"{tag} plain")
    boss = api.register(name=f"{tag} boss")
    assert api.put(f"/users/{boss.id}", token=admin.token, json={"role": "admin"}).status_code == 200
    assert _ids(api.get("/users", token=admin.token,
                        params={"search": tag, "role": "admin"})) == [boss.id]
    assert _ids(api.get("/users", token=admin.token,
                        params={"search": tag, "role": "member"})) == [plain.id]


def test_list_skip_and_limit(api, admin):
    tag = unique("page")
    made = [api.register(name=f"{tag}-{i}").id for i in range(3)]
    q = {"search": tag}
    assert _ids(api.get("/users", token=admin.token, params={**q, "skip": 1, "limit": 1})) == [made[1]]
    assert _ids(api.get("/users", token=admin.token, params={**q, "skip": 1})) == made[1:]
    assert _ids(api.get("/users", token=admin.token, params={**q, "limit": 2})) == made[:2]
    assert _ids(api.get("/users", token=admin.token, params={**q, "limit": 0})) == []
    assert _ids(api.get("/users", token=admin.token, params={**q, "skip": 3})) == []


@pytest.mark.parametrize("param", ["skip", "limit"])
def test_list_negative_paging_422(api, admin, param):
    resp = api.get("/users", token=admin.token, params={param: -1})
    items = assert_422(resp, ("greater_than_equal", ["query", param]))
    assert items[0]["ctx"] == {"ge": 0}
    assert items[0]["input"] == "-1"
    assert items[0]["msg"].startswith("Input should be greater than or equal to 0")


@pytest.mark.parametrize("param", ["skip", "limit"])
def test_list_non_integer_paging_422(api, admin, param):
    resp = api.get("/users", token=admin.token, params={param: "abc"})
    items = assert_422(resp, ("int_parsing", ["query", param]))
    assert items[0]["input"] == "abc"
    assert items[0]["msg"].startswith("Input should be a valid integer")


def test_list_reports_all_query_errors_in_order(api, admin):
    resp = api.get("/users", token=admin.token, params={"skip": "-1", "limit": "x"})
    assert_422(resp, ("greater_than_equal", ["query", "skip"]), ("int_parsing", ["query", "limit"]))


# --- get -------------------------------------------------------------------------------------


def test_get_user_by_id(api, admin):
    acct = api.register(name="Fetched")
    resp = api.get(f"/users/{acct.id}", token=admin.token)
    assert resp.status_code == 200, resp.text
    assert resp.json() == api.me(acct.token).json()
    assert list(resp.json()) == USER_KEYS


@pytest.mark.parametrize("form", ["upper", "hex", "urn"])
def test_get_user_accepts_other_uuid_forms(api, admin, form):
    acct = api.register()
    raw = {"upper": acct.id.upper(), "hex": acct.id.replace("-", ""),
           "urn": f"urn:uuid:{acct.id}"}[form]
    resp = api.get(f"/users/{raw}", token=admin.token)
    assert resp.status_code == 200, resp.text
    assert resp.json()["id"] == acct.id


def test_get_unknown_user_404(api, admin):
    assert_error(api.get(f"/users/{uuid.uuid4()}", token=admin.token), 404, "User not found")


@pytest.mark.parametrize("bad", ["not-a-uuid", "123", "0000000-0000-0000-0000-000000000000"])
def test_get_user_malformed_id_422(api, admin, bad):
    resp = api.get(f"/users/{bad}", token=admin.token)
    items = assert_422(resp, ("uuid_parsing", ["path", "user_id"]))
    assert items[0]["input"] == bad
    assert items[0]["msg"].startswith("Input should be a valid UUID")


# --- update ----------------------------------------------------------------------------------


def test_update_name_returns_user_and_bumps_updated_at(api, admin):
    acct = api.register(name="Before")
    before = api.me(acct.token).json()
    resp = api.put(f"/users/{acct.id}", token=admin.token, json={"name": "After"})
    assert resp.status_code == 200, resp.text
    user = resp.json()
    assert list(user) == USER_KEYS
    assert user["name"] == "After"
    assert user["email"] == acct.email and user["role"] == "member" and user["id"] == acct.id
    assert user["created_at"] == before["created_at"]
    assert _ts(user["updated_at"]) > _ts(before["updated_at"])
    assert api.me(acct.token).json()["name"] == "After"


def test_update_with_empty_or_null_body_changes_nothing(api, admin):
    acct = api.register(name="Stable")
    before = api.me(acct.token).json()
    for body in ({}, {"name": None, "email": None, "role": None, "password": None}):
        resp = api.put(f"/users/{acct.id}", token=admin.token, json=body)
        assert resp.status_code == 200, resp.text
        for key in ("name", "email", "role", "id", "created_at"):
            assert resp.json()[key] == before[key]
    assert api.login_raw(acct.email, acct.password).status_code == 200


def test_update_email_changes_login(api, admin):
    acct = api.register()
    new_email = unique_email("moved")
    resp = api.put(f"/users/{acct.id}", token=admin.token, json={"email": new_email})
    assert resp.status_code == 200, resp.text
    assert resp.json()["email"] == new_email
    assert api.login_raw(new_email, acct.password).status_code == 200
    assert_error(api.login_raw(acct.email, acct.password), 401, "Incorrect email or password")


def test_update_email_taken_400(api, admin):
    acct = api.register()
    other = api.register()
    resp = api.put(f"/users/{acct.id}", token=admin.token, json={"email": other.email})
    assert_error(resp, 400, "Email already in use")
    local, domain = other.email.split("@")
    resp = api.put(f"/users/{acct.id}", token=admin.token, json={"email": f"{local}@{domain.upper()}"})
    assert_error(resp, 400, "Email already in use")
    assert api.me(acct.token).json()["email"] == acct.email


def test_update_password_rehashes(api, admin):
    acct = api.register(password="old-pass")
    resp = api.put(f"/users/{acct.id}", token=admin.token, json={"password": "new-pass"})
    assert resp.status_code == 200, resp.text
    assert "password" not in resp.json() and "password_hash" not in resp.json()
    assert api.login_raw(acct.email, "new-pass").status_code == 200
    assert_error(api.login_raw(acct.email, "old-pass"), 401, "Incorrect email or password")


def test_update_bad_role_422(api, admin, member):
    resp = api.put(f"/users/{member.id}", token=admin.token, json={"role": "owner"})
    items = assert_422(resp, ("enum", ["body", "role"]))
    assert items[0]["ctx"] == {"expected": "'admin' or 'member'"}
    assert items[0]["msg"].startswith("Input should be 'admin' or 'member'")
    assert items[0]["input"] == "owner"


def test_update_bad_email_422(api, admin, member):
    resp = api.put(f"/users/{member.id}", token=admin.token, json={"email": "nope"})
    assert_422(resp, ("value_error", ["body", "email"]))


def test_update_wrong_type_name_422(api, admin, member):
    resp = api.put(f"/users/{member.id}", token=admin.token, json={"name": 123})
    items = assert_422(resp, ("string_type", ["body", "name"]))
    assert items[0]["input"] == 123


def test_update_unknown_user_404(api, admin):
    resp = api.put(f"/users/{uuid.uuid4()}", token=admin.token, json={"name": "x"})
    assert_error(resp, 404, "User not found")


def test_update_path_and_body_errors_are_collected_in_order(api, admin):
    resp = api.put("/users/not-a-uuid", token=admin.token, json={"role": "owner", "email": "x"})
    items = assert_422(resp, ("uuid_parsing", ["path", "user_id"]),
                       ("value_error", ["body", "email"]), ("enum", ["body", "role"]))
    assert items


# --- role changes take effect at once ------------------------------------------------------------


def test_promotion_and_demotion_apply_to_existing_tokens(api, admin):
    acct = api.register()
    assert_error(api.get("/users", token=acct.token), 403, ADMIN_ONLY)
    resp = api.put(f"/users/{acct.id}", token=admin.token, json={"role": "admin"})
    assert resp.status_code == 200 and resp.json()["role"] == "admin"
    assert api.get("/users", token=acct.token).status_code == 200, "promotion applies at once"
    assert api.me(acct.token).json()["role"] == "admin"
    resp = api.put(f"/users/{acct.id}", token=admin.token, json={"role": "member"})
    assert resp.status_code == 200 and resp.json()["role"] == "member"
    assert_error(api.get("/users", token=acct.token), 403, ADMIN_ONLY)


def test_admin_may_demote_themselves(api, admin):
    acct = api.register()
    assert api.put(f"/users/{acct.id}", token=admin.token, json={"role": "admin"}).status_code == 200
    resp = api.put(f"/users/{acct.id}", token=acct.token, json={"role": "member"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["role"] == "member"
    assert_error(api.get("/users", token=acct.token), 403, ADMIN_ONLY)


# --- delete --------------------------------------------------------------------------------------


def test_delete_user(api, admin):
    victim = api.register()
    resp = api.delete(f"/users/{victim.id}", token=admin.token)
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    assert_error(api.get(f"/users/{victim.id}", token=admin.token), 404, "User not found")
    assert_error(api.delete(f"/users/{victim.id}", token=admin.token), 404, "User not found")
    assert victim.id not in _ids(api.get("/users", token=admin.token, params={"limit": 1000}))
    # The deleted user's token stops working at once, and the login is gone.
    assert_error(api.me(victim.token), 401, "Could not validate credentials")
    assert_error(api.login_raw(victim.email, victim.password), 401, "Incorrect email or password")
    # The email can be registered again, as a member.
    again = api.register_raw(email=victim.email)
    assert again.status_code == 201, again.text
    assert again.json()["user"]["role"] == "member"
    assert again.json()["user"]["id"] != victim.id


def test_delete_unknown_user_404(api, admin):
    assert_error(api.delete(f"/users/{uuid.uuid4()}", token=admin.token), 404, "User not found")


def test_delete_malformed_id_422(api, admin):
    assert_422(api.delete("/users/xyz", token=admin.token), ("uuid_parsing", ["path", "user_id"]))


def test_deleted_admin_loses_admin_access(api, admin):
    other_admin = api.register()
    assert api.put(f"/users/{other_admin.id}", token=admin.token,
                   json={"role": "admin"}).status_code == 200
    assert api.get("/users", token=other_admin.token).status_code == 200
    assert api.delete(f"/users/{other_admin.id}", token=admin.token).status_code == 204
    assert_error(api.get("/users", token=other_admin.token), 401, "Could not validate credentials")
