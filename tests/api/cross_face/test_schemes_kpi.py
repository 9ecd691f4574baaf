"""The schemes face (Beyo) meets the KPI tracker: one users table (design.md). A KPI user reads
phone "" on the schemes face, its login name is the username; tokens of a password login work on
both faces, but KPI's email-only login (spec/kpi.md §5.1) proves no password and its token is
refused here; a gatekeeper is no schemes admin, and a schemes Admin is an admin to the KPI face
(which shows other people's emails only to gatekeepers and admins)."""

import pytest

from api.kpi.kpi_support import add_kpi_user, assert_message
from api.schemes.schemes_support import ACQUIRED, PERMISSION, Schemes, assert_error, assert_ok
from api.support import DEFAULT_PASSWORD, unique, unique_email


@pytest.fixture(scope="module")
def sc(module_server):
    return Schemes(module_server)


def kpi_user(server, gatekeeper=False, password=DEFAULT_PASSWORD):
    """(email, login name, int id) of a user made by `tandem user add` the KPI way."""
    email, login = unique_email("kpi"), unique("login")
    user_id = add_kpi_user(server, email, "Kay", "Pi", unique("display "), login,
                           gatekeeper=gatekeeper, password=password)
    return email, login, user_id


def test_kpi_user_on_the_schemes_face(sc, kpi, module_server):
    email, login, user_id = kpi_user(module_server, gatekeeper=True)
    token = sc.login(email, DEFAULT_PASSWORD)
    assert sc.rows(token, "User", ["id", "username", "email", "phone", "roles.role"], {}) == [
        {"id": user_id, "username": login, "email": email, "phone": "",
         "roles": [{"role": "gatekeeper"}]}]
    sc.updated(token, "User", {"id": user_id}, {"phone": "+41 3"})
    kpi_token = kpi.login(email, DEFAULT_PASSWORD)
    seen = kpi.get(f"/users/{user_id}", token=kpi_token)
    assert seen.status_code == 200 and seen.json()["user"]["email"] == email


def test_password_tokens_work_on_both_faces(sc, kpi, module_server):
    email, login, user_id = kpi_user(module_server)
    kpi_token = kpi.login(email, DEFAULT_PASSWORD)
    assert assert_ok(sc.get_items(kpi_token, "User", ["id"], {}), 200, ACQUIRED) == [
        {"id": user_id}]
    schemes_token = sc.login(email, DEFAULT_PASSWORD)
    resp = kpi.get(f"/users/{user_id}", token=schemes_token)
    assert resp.status_code == 200 and resp.json()["user"]["id"] == user_id


def test_email_only_kpi_token_is_refused(sc, kpi, module_server):
    email, _, user_id = kpi_user(module_server, password=None)
    token = kpi.login(email)  # KPI's password-less login
    assert kpi.get(f"/users/{user_id}", token=token).status_code == 200
    for resp in (sc.get_items(token, "User", ["id"], {}),
                 sc.post("/api/schemes/get_items", cookie=token,
                         json={"model_name": "User", "requested_data": ["id"]}),
                 sc.create(token, "Dealer", {"dealer_name": "x"})):
        env = assert_error(resp, 401, "Invalid token")
        assert env["server_message"] == ""
    assert_error(sc.probe(token), 401, "user not authenticated")
    assert_error(sc.login_raw(email, ""), 401, "incorrect login")


def test_gatekeeper_is_no_schemes_admin(sc, kpi, module_server):
    email, _, _ = kpi_user(module_server, gatekeeper=True)
    for token in (kpi.login(email, DEFAULT_PASSWORD), sc.login(email, DEFAULT_PASSWORD)):
        assert_error(sc.create(token, "Role", {"role": unique("r"), "key": "k"}), 403,
                     PERMISSION)


def test_schemes_admin_sees_emails_on_kpi(sc, kpi, module_server):
    _, _, other_id = kpi_user(module_server)
    admin = sc.new_user(roles=("Admin",))
    users = {u["id"]: u["email"] for u in kpi.get("/users", token=admin.token).json()}
    assert users[other_id] is not None and users[admin.id] == admin.email
    member = sc.new_user(roles=("Worker",))
    users = {u["id"]: u["email"] for u in kpi.get("/users", token=member.token).json()}
    assert users[other_id] is None and users[member.id] == member.email


def test_logout_on_either_face_revokes_the_token_on_both(sc, kpi, module_server):
    email, _, _ = kpi_user(module_server)
    schemes_token = sc.login(email, DEFAULT_PASSWORD)
    assert_message(kpi.delete("/logout", token=schemes_token), 200, "JWT revoked", key="msg")
    assert_error(sc.get_items(schemes_token, "User", ["id"], {}), 401, "Invalid token")
    kpi_token = kpi.login(email, DEFAULT_PASSWORD)
    assert_ok(sc.post("/api/logout", token=kpi_token, json={}), 200, "User logged out")
    assert_message(kpi.get("/users", token=kpi_token), 401, "Token has been revoked", key="msg")
