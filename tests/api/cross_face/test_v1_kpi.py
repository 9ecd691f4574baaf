"""v1 (FlowTrack) meets the KPI tracker: one users table and one role table (design.md). v1's
admin and KPI's gatekeeper are separate roles, neither confers the other; a token of either face
works on the other with the caller's own rights only; KPI's password-less login (spec/kpi.md §5.1)
never yields a token for an admin, whom v1 admits only with a password; deleted and deactivated
users lose both faces at once, and v1 does not delete a user whom KPI rows still name."""

from api.kpi.kpi_support import (NOT_ACTIVE, NOT_GATEKEEPER, add_kpi_user, assert_message,
                                  new_circle, new_kpi)
from api.support import DEFAULT_PASSWORD, V1, assert_error as assert_detail, unique, unique_email
from api.v1.work_fixtures import ADMIN_ONLY

from api.cross_face.cross_support import deactivate, once_committed, subject, user_int_id

CREDENTIALS_REFUSED = "Could not validate credentials"  # v1's


def kpi_user(server, gatekeeper=False, password=DEFAULT_PASSWORD) -> str:
    """A user made by `tandem user add` as the KPI face knows them; returns the email."""
    email = unique_email("kpi")
    add_kpi_user(server, email, "Kay", "Pi", unique("display "), unique("login"),
                 gatekeeper=gatekeeper, password=password)
    return email


def new_kpi_body() -> dict:
    return {"name": unique("kpi "), "periodicity": "monthly", "unit": "chf", "target_value": 1}


def assert_no_v1_admin_powers(api, token, own_uuid):
    me = api.me(token)
    assert me.status_code == 200, me.text
    assert me.json()["id"] == own_uuid and me.json()["role"] == "member"
    for method, path, body in [("GET", "/users/", None),
                               ("PUT", f"/users/{own_uuid}", {"role": "admin"}),
                               ("POST", "/projects/", {"name": unique("project ")}),
                               ("GET", "/reports/workload", None)]:
        assert_detail(api.request(method, path, token=token, json=body), 403, ADMIN_ONLY)
    assert api.me(token).json()["role"] == "member"


# --- roles -------------------------------------------------------------------------------------


def test_kpi_gatekeeper_is_a_v1_member(api, kpi, module_server, admin):
    email = kpi_user(module_server, gatekeeper=True)
    token = kpi.login(email, DEFAULT_PASSWORD)
    assert_no_v1_admin_powers(api, token, subject(token))
    v1_login = api.login(email, DEFAULT_PASSWORD)  # the same password on v1
    assert v1_login.role == "member"
    assert_no_v1_admin_powers(api, v1_login.token, subject(token))


def test_v1_admin_is_no_kpi_gatekeeper(api, kpi, admin, module_server):
    kpi_token = kpi.login(admin.email, admin.password)  # v1's password on the KPI face
    for token in (admin.token, kpi_token):
        assert_message(kpi.post("/kpis/add", token=token, json=new_kpi_body()), 403,
                       NOT_GATEKEEPER)
    seen = kpi.get(f"/users/{user_int_id(module_server, admin.id)}", token=admin.token)
    assert seen.status_code == 200 and seen.json()["user"]["is_gatekeeper"] is False


def test_passwordless_admin_gets_no_token_from_kpi(api, kpi, module_server, admin):
    """v1 never lets an admin in without a password; KPI's password-less login must not either
    (the stricter rule wins, design.md)."""
    email = unique_email("boss")
    module_server.add_user(email, roles=("admin",), name="Password-less Boss")
    assert_message(kpi.login_raw(email), 401, "Invalid credentials")
    assert_message(kpi.login_raw(email, "a guess"), 401, "Invalid credentials")
    assert_detail(api.login_raw(email, "anything"), 401, "Incorrect email or password")


def test_passwordless_kpi_token_is_good_only_on_kpi(api, kpi, module_server, admin):
    """An email-only login proves nothing but an email: its token must not act for the user on
    a face whose logins need a password (v1 here; the board in test_kpi_teamflow.py)."""
    email = kpi_user(module_server, gatekeeper=True, password=None)
    token = kpi.login(email)  # KPI's compatible password-less login
    own_id = user_int_id(module_server, subject(token))
    assert kpi.get(f"/users/{own_id}", token=token).status_code == 200
    assert_detail(api.me(token), 401, CREDENTIALS_REFUSED)
    assert_detail(api.request("POST", "/projects/", token=token, json={"name": unique("p ")}), 401,
                  CREDENTIALS_REFUSED)
    assert_detail(api.login_raw(email, "anything"), 401, "Incorrect email or password")


def test_kpi_token_after_a_password_login_has_no_v1_admin_powers(api, kpi, module_server, admin):
    email = kpi_user(module_server, gatekeeper=True)
    token = kpi.login(email, DEFAULT_PASSWORD)
    assert_no_v1_admin_powers(api, token, subject(token))


# --- what one face shows of users another face made --------------------------------------------


def test_kpi_shows_other_peoples_emails_only_to_gatekeepers_and_admins(api, kpi, module_server,
                                                                      admin, member):
    """v1 lists users (with emails) to admins only; the KPI face lists every user to everyone, so
    there other people's emails are null unless the caller is a gatekeeper or an admin."""
    gatekeeper = kpi.login(kpi_user(module_server, gatekeeper=True), DEFAULT_PASSWORD)
    admin_id = user_int_id(module_server, admin.id)
    member_id = user_int_id(module_server, member.id)

    def emails(token):
        return {u["id"]: u["email"] for u in kpi.get("/users", token=token).json()}

    as_member = emails(member.token)
    assert as_member[member_id] == member.email  # one's own
    assert as_member[admin_id] is None
    assert kpi.get(f"/users/{admin_id}", token=member.token).json()["user"]["email"] is None
    for token in (gatekeeper, admin.token):
        seen = emails(token)
        assert seen[admin_id] == admin.email and seen[member_id] == member.email
        assert kpi.get(f"/users/{member_id}", token=token).json()["user"]["email"] == member.email


# --- tokens ------------------------------------------------------------------------------------


def test_v1_refresh_token_is_no_access_token_on_kpi(kpi, member):
    assert_message(kpi.get("/users", token=member.refresh), 422,
                   "Only non-refresh tokens are allowed", key="msg")


def test_kpi_token_is_no_v1_refresh_token(api, kpi, module_server):
    token = kpi.login(kpi_user(module_server), DEFAULT_PASSWORD)
    assert_detail(api.refresh(token), 401, "Invalid refresh token")


def test_kpi_logout_revokes_a_v1_access_token(api, kpi, member):
    assert_message(kpi.delete("/logout", token=member.token), 200, "JWT revoked", key="msg")
    assert_detail(api.me(member.token), 401, CREDENTIALS_REFUSED)


# --- deleted and deactivated users -------------------------------------------------------------


def test_v1_admin_deletes_a_kpi_user(api, kpi, module_server, admin):
    email = kpi_user(module_server)
    token = kpi.login(email, DEFAULT_PASSWORD)
    uuid = subject(token)
    assert api.delete(f"/users/{uuid}", token=admin.token).status_code == 204
    assert_message(kpi.get("/users", token=token), 401, f"Error loading the user {uuid}",
                   key="msg")
    assert_message(kpi.login_raw(email, DEFAULT_PASSWORD), 404, "User Not Found")


def test_v1_admin_cannot_delete_the_author_of_kpi_values(api, kpi, module_server, admin):
    gatekeeper = kpi.login(kpi_user(module_server, gatekeeper=True), DEFAULT_PASSWORD)
    circle_id = new_circle(kpi, gatekeeper)
    kpi_id = new_kpi(kpi, gatekeeper, circle_id)
    author = kpi.login(kpi_user(module_server), DEFAULT_PASSWORD)
    value = {"kpi_id": kpi_id, "period_year": 2023, "period_month": 5, "value": 7}
    assert kpi.post("/kpi_values/add", token=author, json=value).status_code == 201
    assert_detail(api.delete(f"/users/{subject(author)}", token=admin.token), 409,
                  "User owns projects or tasks and cannot be deleted")
    values = kpi.get("/kpi_values", token=author, params={"circle_id": circle_id}).json()
    assert [(v["kpi_id"], v["value"]) for v in values["KPI_Values"]] == [(kpi_id, 7)]


def test_deactivated_v1_user_loses_both_faces(api, kpi, module_server, member):
    token = kpi.login(member.email, member.password)  # v1's password on the KPI face
    assert kpi.get("/users", token=token).status_code == 200
    deactivate(module_server, member.id)
    assert_message(once_committed(module_server, lambda: kpi.get("/users", token=token), 403),
                   403, NOT_ACTIVE)
    assert_detail(once_committed(module_server, lambda: api.me(member.token), 401), 401,
                  CREDENTIALS_REFUSED)
    assert_message(kpi.login_raw(member.email, member.password), 403, NOT_ACTIVE)
    assert_detail(api.login_raw(member.email, member.password), 401, "Incorrect email or password")


def test_v1_registration_after_the_kpi_seed_makes_members(server):
    """The first-user rule of v1 registration counts users of every face (design.md)."""
    server.cli("seed", "kpi-demo", check=True)
    assert V1(server).register().role == "member"
