"""The React client's journey (spec/beyo.md §4, issue 10 "Real client"), with its exact request
bodies and headers: it always sends Content-Type application/json, `Authorization: Bearer
<localStorage.token>` ("Bearer " before login), its Origin, and (credentials: 'include') the
session cookie once it has one. The steps run in order on one fresh database."""

import pytest

from api.support import ORIGIN, find_set_cookie, http_session, unique
from api.schemes.schemes_support import (ACQUIRED, AUTHENTICATED, LOGGED_IN, LOGGED_OUT,
                                         assert_error, assert_http_date, assert_ok)

JS_ISO = "2025-10-06T20:14:13.250Z"  # new Date().toISOString()


class Browser:
    """What the client's fetch wrapper sends."""

    def __init__(self, server):
        self.base = server.url
        self.http = http_session()
        self.token = ""  # localStorage.token
        self.cookie = None

    def post(self, path, body):
        headers = {"Content-Type": "application/json", "Origin": ORIGIN,
                   "Authorization": f"Bearer {self.token}"}
        if self.cookie:
            headers["Cookie"] = f"session={self.cookie}"
        resp = self.http.post(self.base + path, json=body, headers=headers, timeout=30)
        assert resp.headers.get("Access-Control-Allow-Origin") == ORIGIN, resp.headers
        assert resp.headers.get("Access-Control-Allow-Credentials") == "true", resp.headers
        return resp

    def login(self, email, password):
        resp = self.post("/api/login", {"email": email, "password": password})
        body = assert_ok(resp, 200, LOGGED_IN)
        self.token = body[0]["token"]
        self.cookie = find_set_cookie(resp, "session").value
        return body[0]["payload"]


@pytest.fixture(scope="module")
def people(sc):
    return {"admin": sc.add_user(roles=("Admin",), phone="+41 79 000 00 00", username="david"),
            "worker": sc.add_user(roles=("Worker",), phone="+41 79 111 11 11")}


@pytest.fixture(scope="module")
def browser(module_server):
    return Browser(module_server)


@pytest.fixture(scope="module")
def state():
    return {}


def items_get(browser, body):
    return browser.post("/api/schemes/get_items", body)


def test_01_probe_before_login(browser, people):
    assert_error(browser.post("/api", {}), 401, "user not authenticated")


def test_02_login_and_profile(browser, people, state):
    worker = people["worker"]
    payload = browser.login(worker.email, worker.password)
    assert payload["username"] == worker.username
    assert [r["role"] for r in payload["roles"]] == ["Worker"]
    assert assert_ok(browser.post("/api", {}), 200, AUTHENTICATED) == []
    profile = assert_ok(browser.post("/api", {"requested_data": [
        "email", "phone", "id", "username", "profile_picture", {"roles": ["role", "id"]}]}),
        200, AUTHENTICATED)
    assert profile == [{"email": worker.email, "phone": worker.phone, "id": worker.id,
                        "username": worker.username, "profile_picture": None,
                        "roles": [{"role": "Worker", "id": payload["roles"][0]["id"]}]}]
    state["user"] = worker


PICKER = {"model_name": "Dealer", "per_page": 9,
          "requested_data": ["id", "dealer_name", "dealer_type", "purchased_count"],
          "query_filters": {}}


def test_03_dealer_picker_on_an_empty_database(browser):
    assert_error(items_get(browser, PICKER), 400, "[Exception Error]", "No objects found")


def test_04_dealer_create(browser, state):
    name = "Möbel Meier"
    resp = browser.post("/api/schemes/create_items", {
        "model_name": "Dealer", "requested_data": ["id"], "reference": f"Dealer {name}",
        "object_values": {"dealer_name": name, "dealer_type": "Private",
                          "raw_address": "Bahnhofstrasse 1, Zürich",
                          "coordinates": {"lat": 47.37, "lng": 8.54}, "age": 54,
                          "phone": "+41 44 000 00 00", "email": "meier@example.com",
                          "gender": "male"}})
    body = assert_ok(resp, 201, f"Dealer {name} created!")
    state["dealer"] = body[0]["id"]
    other = browser.post("/api/schemes/create_items", {
        "model_name": "Dealer", "requested_data": ["id"], "reference": "Dealer Other",
        "object_values": {"dealer_name": "Other", "dealer_type": "Shop",
                          "raw_address": "Elsewhere"}})
    state["other_dealer"] = assert_ok(other, 201, "Dealer Other created!")[0]["id"]


@pytest.mark.parametrize("column, text", [
    ("dealer_name", "meier"), ("email", "MEIER@"), ("phone", "44 000"), ("dealer_type", "priv"),
    ("raw_address", "zürich"), ("gender", "MAL")])
def test_05_dealer_picker_search(browser, state, column, text):
    body = dict(PICKER, query_filters={column: {"operation": "ilike", "value": f"%{text}%"}})
    rows = assert_ok(items_get(browser, body), 200, ACQUIRED)
    assert rows == [{"id": state["dealer"], "dealer_name": "Möbel Meier",
                     "dealer_type": "Private", "purchased_count": 0}]


@pytest.mark.parametrize("operation, value, expected", [
    (">=", 0, ["other_dealer", "dealer"]), ("<=", 0, ["other_dealer", "dealer"]),
    ("==", 0, ["other_dealer", "dealer"])])
def test_06_dealer_picker_by_count(browser, state, operation, value, expected):
    body = dict(PICKER, query_filters={"purchased_count": {"operation": operation,
                                                           "value": value}})
    rows = assert_ok(items_get(browser, body), 200, ACQUIRED)
    assert [r["id"] for r in rows] == [state[k] for k in expected]


def item_values(state, article, **over):
    values = {"article_number": article, "category": "Seating", "type": "Chair",
              "purchased_price": 100, "valuation": 150, "sold_price": 0, "state": "In-Stock",
              "location": "Warehouse", "properties": {"Set Of": 4, "designer": "Eames"},
              "dimensions": {"height": 80, "width": 45, "depth": 50},
              "issues": [{"type": "scratch", "location": "seat", "level": "low"}],
              "parts": [{"part": "leg", "count": 4}], "missing_parts": [],
              "reference_number": f"R-{article}",
              "images": [f"https://bucket.s3.amazonaws.com/PurchaseAppReact/{article}.jpg"],
              "created_by": state["user"].username,
              "dealer": {"action": "link", "values": {"Dealer": {
                  "query_filters": {"id": state["dealer"]}, "link_type": "first_link"}}}}
    values.update(over)
    return values


def test_07_item_create_with_a_dealer_link(browser, state):
    tag = unique("A")
    state["tag"] = tag
    resp = browser.post("/api/schemes/create_items", {
        "model_name": "Item", "requested_data": [], "reference": "Item",
        "object_values": item_values(state, f"{tag}-1")})
    assert assert_ok(resp, 201, "Item created!") == [{}]
    # More items for the infinite scroll (the client makes them one by one; one batch here).
    batch = [item_values(state, f"{tag}-{n}", type="Sofa" if n % 2 else "Chair")
             for n in range(2, 201)]
    resp = browser.post("/api/schemes/create_items", {
        "model_name": "Item", "requested_data": ["id"], "reference": "Item",
        "object_values": batch})
    ids = [row["id"] for row in assert_ok(resp, 201, "Item created!")]
    assert len(ids) == 199 and ids == sorted(ids)
    state["newest_item"] = ids[-1]


def test_08_search_with_or_ilike(browser, state):
    tag = state["tag"]
    body = {"model_name": "Item", "per_page": 180,
            "requested_data": ["id", "type", "article_number", "reference_number", "properties",
                               "images"],
            "query_filters": {"or-article_number": {"operation": "ilike", "value": f"%{tag}-1%"},
                              "or-reference_number": {"operation": "ilike",
                                                      "value": f"%R-{tag}-17%"}}}
    rows = assert_ok(items_get(browser, body), 200, ACQUIRED)
    found = [r["article_number"] for r in rows]
    expected = [f"{tag}-{n}" for n in range(200, 0, -1)
                if str(n).startswith("1") or str(n).startswith("17")]
    assert found == expected
    assert rows[-1] == {"id": rows[-1]["id"], "type": "Chair", "article_number": f"{tag}-1",
                        "reference_number": f"R-{tag}-1",
                        "properties": {"Set Of": 4, "designer": "Eames"},
                        "images": [f"https://bucket.s3.amazonaws.com/PurchaseAppReact/{tag}-1.jpg"]}
    state["first_item"] = rows[-1]["id"]


DETAIL = ["category", "properties", "dimensions", "issues", "parts", "missing_parts", "state",
          "location", "created_at", "sold_price", "valuation", "purchased_price", "created_by",
          {"dealer": ["dealer_name", "id"]}, "id", "type", "article_number", "reference_number",
          "images"]


def test_09_item_detail_with_dealer(browser, state):
    tag = state["tag"]
    for filters in ({"id": state["first_item"]}, {"article_number": f"{tag}-1"}):
        rows = assert_ok(items_get(browser, {"model_name": "Item", "per_page": 1,
                                             "query_filters": filters,
                                             "requested_data": DETAIL}), 200, ACQUIRED)
        (item,) = rows
        assert_http_date(item.pop("created_at"))
        expected = item_values(state, f"{tag}-1")
        del expected["dealer"], expected["article_number"]
        assert item == {**expected, "id": state["first_item"], "article_number": f"{tag}-1",
                        "dealer": {"dealer_name": "Möbel Meier", "id": state["dealer"]}}


LIST = ["id", "type", "article_number", "reference_number", "properties", "images"]


def test_10_item_list_infinite_scroll(browser, state):
    pages, cursor = [], None
    while True:
        body = {"model_name": "Item", "requested_data": LIST, "per_page": 180,
                "query_filters": {"dealer.id": state["dealer"]}}
        if cursor is not None:
            body["cursor"] = cursor
        resp = items_get(browser, body)
        if resp.status_code == 400:  # the client's end of the list
            assert_error(resp, 400, "[Exception Error]", "No objects found")
            break
        rows = assert_ok(resp, 200, ACQUIRED)
        pages.append(rows)
        cursor = rows[-1]["id"]
    assert [len(p) for p in pages] == [180, 20]
    ids = [r["id"] for p in pages for r in p]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 200
    assert ids[0] == state["newest_item"] and ids[-1] == state["first_item"]
    # Scroll up: refetch the rows on screen with the same filters.
    body = {"model_name": "Item", "requested_data": LIST, "per_page": 180,
            "query_filters": {"dealer.id": state["dealer"],
                              "id": {"operation": "in", "value": ids[:3]}}}
    assert [r["id"] for r in assert_ok(items_get(browser, body), 200, ACQUIRED)] == ids[:3]
    state["item_ids"] = ids


def test_11_item_list_filters(browser, state):
    base = {"model_name": "Item", "requested_data": LIST, "per_page": 180}

    def ids(filters):
        resp = items_get(browser, dict(base, query_filters=filters))
        if resp.status_code == 400:
            return []
        return [r["id"] for r in assert_ok(resp, 200, ACQUIRED)]

    every = state["item_ids"][:180]
    assert ids({"properties": {"operation": "contains", "value": {"designer": "Eames"}}}) == every
    assert ids({"dimensions": {"operation": "contains", "value": {"height": 80}}}) == every
    assert ids({"issues": {"operation": "contains", "value": [{"type": "scratch"}]}}) == every
    assert ids({"parts": {"operation": "contains", "value": [{"part": "leg"}]}}) == every
    assert ids({"purchased_price": {"operation": ">=", "value": 100},
                "valuation": {"operation": "<=", "value": 150},
                "sold_price": {"operation": "==", "value": 0}}) == every
    sofas = ids({"category": "Seating", "type": "Sofa", "state": "In-Stock",
                 "location": "Warehouse"})
    assert len(sofas) == 99  # the odd numbers 3..199
    assert ids({"reference_number": f"R-{state['tag']}-1"}) == [state["first_item"]]
    assert ids({"dealer.id": state["other_dealer"]}) == []


SUBJECT_SEARCH = {"model_name": "Item_Notes_Subject", "per_page": 10,
                  "requested_data": ["id", "subject"]}


def test_12_subject_search_finds_nothing_yet(browser):
    body = dict(SUBJECT_SEARCH, query_filters={"subject": {"operation": "ilike",
                                                           "value": "%Polster%"}})
    assert_error(items_get(browser, body), 400, "[Exception Error]", "No objects found")


def history_values(state, type_, content, subject, from_value):
    return {"column_name": "Note", "user_name": state["user"].username, "from_value": from_value,
            "type": type_, "to_value": {"content": content, "subject": subject}}


def test_13_note_create_with_a_new_subject_and_history(browser, state):
    tag = state["tag"]
    articles = [f"{tag}-1", f"{tag}-2"]
    subj = {"action": "link", "values": {"Item_Notes_Subject": {
        "query_filters": {"subject": {"operation": "ilike", "value": "%Polster%"}},
        "link_type": "first_link", "action_if_none": "create_entry",
        "values_for_none_action": {"subject": "Polster"}}}}
    note = {"model_name": "Item_Note", "reference": "Note", "requested_data": [],
            "object_values": {
                "note_content": "Stoff ist verblasst", "subject": subj,
                "items": {"action": "link", "values": {"Item": {
                    "query_filters": {"article_number": {"operation": "in", "value": articles}},
                    "link_type": "all_link",
                    "also_do": {"item_history": {
                        "action": "create", "append": True, "sub_model_name": "Item_History",
                        "values": history_values(state, "Created", "Stoff ist verblasst",
                                                 "Polster", "")}}}}}}}
    resp = browser.post("/api/schemes/create_items", [note])
    assert assert_ok(resp, 201, "Note created!") == [[{}]]
    # A second note for one item (a single article as a string), with the subject by id.
    rows = assert_ok(items_get(browser, dict(SUBJECT_SEARCH, query_filters={
        "subject": {"operation": "ilike", "value": "%polst%"}})), 200, ACQUIRED)
    assert [r["subject"] for r in rows] == ["Polster"]
    state["subject"] = rows[0]["id"]
    by_id = {"action": "link", "values": {"Item_Notes_Subject": {
        "query_filters": {"id": state["subject"]}, "link_type": "first_link"}}}
    second = {"model_name": "Item_Note", "reference": "Note", "requested_data": [],
              "object_values": {
                  "note_content": "Bein wackelt", "subject": by_id,
                  "items": {"action": "link", "values": {"Item": {
                      "query_filters": {"article_number": {"operation": "in",
                                                           "value": f"{tag}-1"}},
                      "link_type": "all_link",
                      "also_do": {"item_history": {
                          "action": "create", "append": True, "sub_model_name": "Item_History",
                          "values": history_values(state, "Created", "Bein wackelt", "Polster",
                                                   "")}}}}}}}
    assert assert_ok(browser.post("/api/schemes/create_items", [second]), 201,
                     "Note created!") == [[{}]]
    body = dict(SUBJECT_SEARCH, per_page=180, requested_data=["id", "subject", "notes_counter"],
                query_filters={"subject": {"operation": "ilike", "value": "%Polster%"}})
    assert assert_ok(items_get(browser, body), 200, ACQUIRED) == [
        {"id": state["subject"], "subject": "Polster", "notes_counter": 0}]


NOTES_LIST = {"model_name": "Item_Note", "per_page": 180,
              "requested_data": ["id", "note_content", "creation_time",
                                 {"subject": ["subject", "id"]}]}


def test_14_notes_list(browser, state):
    tag = state["tag"]
    body = dict(NOTES_LIST, query_filters={"items.article_number": {
        "operation": "in", "value": [f"{tag}-1"]}})
    rows = assert_ok(items_get(browser, body), 200, ACQUIRED)
    assert [r["note_content"] for r in rows] == ["Bein wackelt", "Stoff ist verblasst"]
    for row in rows:
        assert_http_date(row["creation_time"])
        assert row["subject"] == {"subject": "Polster", "id": state["subject"]}
    state["notes"] = [r["id"] for r in rows]
    for filters in ({"subject.subject": {"operation": "ilike", "value": "%olster%"}},
                    {"note_content": {"operation": "ilike", "value": "%VERBLASST%"}}):
        found = assert_ok(items_get(browser, dict(NOTES_LIST, query_filters=filters)), 200,
                          ACQUIRED)
        assert [r["id"] for r in found] == (state["notes"] if "subject.subject" in filters
                                            else state["notes"][1:])
    # The item list filtered by note subject (two hops through many-to-many).
    body = {"model_name": "Item", "requested_data": LIST, "per_page": 180,
            "query_filters": {"notes.subject.id": {"operation": "in",
                                                   "value": [state["subject"]]}}}
    rows = assert_ok(items_get(browser, body), 200, ACQUIRED)
    assert [r["article_number"] for r in rows] == [f"{tag}-2", f"{tag}-1"]


HISTORY = ["recorded_time", "to_value", "from_value", "column_name", "user_name", "type", "id"]


def history_of(browser, item_id, cursor=None):
    body = {"model_name": "Item_History", "requested_data": HISTORY,
            "query_filters": {"item_id": item_id}, "per_page": 120}
    if cursor is not None:
        body["cursor"] = cursor
    return assert_ok(items_get(browser, body), 200, ACQUIRED)


def test_15_item_history_list(browser, state):
    rows = history_of(browser, state["first_item"])
    assert [(r["type"], r["to_value"]["content"]) for r in rows] == [
        ("Created", "Bein wackelt"), ("Created", "Stoff ist verblasst")]
    for row in rows:
        assert_http_date(row["recorded_time"])
        assert (row["column_name"], row["user_name"], row["from_value"]) == (
            "Note", state["user"].username, "")
    assert history_of(browser, state["first_item"], cursor=rows[0]["id"]) == rows[1:]


def test_16_item_update_with_history(browser, state):
    tag = state["tag"]
    user = state["user"].username
    body = {"model_name": "Item", "reference": "Item",
            "query_filters": {"article_number": {"operation": "in", "value": f"{tag}-1"}},
            "update_type": "all_matches",
            "object_values": {"valuation": 175, "item_history": {
                "sub_model_name": "Item_History", "action": "create", "append": True,
                "values": [{"column_name": "valuation", "from_value": 150, "to_value": 175,
                            "recorded_time": JS_ISO, "type": "Updated", "user_name": user}]}}}
    assert assert_ok(browser.post("/api/schemes/update_items", body), 201, "Item Updated!") == []
    newest = history_of(browser, state["first_item"])[0]
    assert newest == {"recorded_time": "Mon, 06 Oct 2025 20:14:13 GMT", "to_value": 175,
                      "from_value": 150, "column_name": "valuation", "user_name": user,
                      "type": "Updated", "id": newest["id"]}
    # Batch update (scanner): a new dealer and a state for two items, one history row each.
    batch = {"model_name": "Item", "reference": "Item",
             "query_filters": {"article_number": {"operation": "in",
                                                  "value": [f"{tag}-3", f"{tag}-4"]}},
             "update_type": "all_matches",
             "object_values": {"state": "Sold", "dealer": {"action": "link", "values": {
                 "Dealer": {"query_filters": {"id": state["other_dealer"]},
                            "link_type": "first_link"}}},
                 "item_history": {"sub_model_name": "Item_History", "action": "create",
                                  "append": True, "values": [
                                      {"column_name": "state", "from_value": "Batch update",
                                       "to_value": "Sold", "recorded_time": JS_ISO,
                                       "type": "Updated", "user_name": user}]}}}
    assert assert_ok(browser.post("/api/schemes/update_items", batch), 201, "Item Updated!") == []
    rows = assert_ok(items_get(browser, {"model_name": "Item", "per_page": 180,
                                         "requested_data": ["article_number", "state",
                                                            {"dealer": ["id"]}],
                                         "query_filters": {"dealer.id": state["other_dealer"]}}),
                     200, ACQUIRED)
    assert rows == [{"article_number": f"{tag}-4", "state": "Sold",
                     "dealer": {"id": state["other_dealer"]}},
                    {"article_number": f"{tag}-3", "state": "Sold",
                     "dealer": {"id": state["other_dealer"]}}]


def test_17_note_update_with_history(browser, state):
    user = state["user"].username
    note = state["notes"][0]  # "Bein wackelt", on item 1
    subj = {"action": "link", "values": {"Item_Notes_Subject": {
        "query_filters": {"subject": {"operation": "ilike", "value": "%Gestell%"}},
        "link_type": "first_link", "action_if_none": "create_entry",
        "values_for_none_action": {"subject": "Gestell"}}}}
    body = [{"model_name": "Item_Note", "reference": "Note", "query_filters": {"id": note},
             "update_type": "first_match", "object_values": {
                 "note_content": "Bein repariert", "subject": subj,
                 "items": {"action": "create_through_rel", "values": {"item_history": {
                     "action": "create", "append": True, "sub_model_name": "Item_History",
                     "values": {"column_name": "Note", "user_name": user, "type": "Updated",
                                "from_value": {"content": "Bein wackelt", "subject": "Polster"},
                                "to_value": {"content": "Bein repariert",
                                             "subject": "Gestell"}}}}}}}]
    assert assert_ok(browser.post("/api/schemes/update_items", body), 201, "Note Updated!") == []
    rows = assert_ok(items_get(browser, dict(NOTES_LIST, query_filters={"id": note})), 200,
                     ACQUIRED)
    assert rows[0]["note_content"] == "Bein repariert"
    assert rows[0]["subject"]["subject"] == "Gestell"
    newest = history_of(browser, state["first_item"])[0]
    assert (newest["type"], newest["from_value"], newest["to_value"]) == (
        "Updated", {"content": "Bein wackelt", "subject": "Polster"},
        {"content": "Bein repariert", "subject": "Gestell"})


def test_18_note_delete_with_also_do(browser, state):
    user = state["user"].username
    note = state["notes"][1]  # "Stoff ist verblasst", on items 1 and 2
    body = [{"model_name": "Item_Note", "reference": "Note", "object_values": {
        "query_filters": {"id": note}, "delition_type": "delete_first",
        "also_do": {"items": {"action": "create_through_rel", "values": {"item_history": {
            "action": "create", "append": True, "sub_model_name": "Item_History",
            "values": {"column_name": "Note", "user_name": user, "type": "Deleted",
                       "from_value": {"content": "Stoff ist verblasst", "subject": "Polster"},
                       "to_value": ""}}}}}}}]
    assert assert_ok(browser.post("/api/schemes/delete_items", body), 201, "Note Deleted!") == []
    resp = items_get(browser, dict(NOTES_LIST, query_filters={"id": note}))
    assert_error(resp, 400, "[Exception Error]", "No objects found")
    tag = state["tag"]
    rows = assert_ok(items_get(browser, {"model_name": "Item", "per_page": 180,
                                         "requested_data": ["id"],
                                         "query_filters": {"article_number": {
                                             "operation": "in",
                                             "value": [f"{tag}-1", f"{tag}-2"]}}}),
                     200, ACQUIRED)
    for row in rows:
        newest = history_of(browser, row["id"])[0]
        assert (newest["type"], newest["to_value"]) == ("Deleted", "")


def test_19_admin_manages_users(browser, people, sc):
    admin = people["admin"]
    browser.login(admin.email, admin.password)
    requested = ["id", "username", "email", "phone", {"roles": ["role"]}, "profile_picture"]
    rows = assert_ok(items_get(browser, {"model_name": "User", "requested_data": requested,
                                         "query_filters": {}}), 200, ACQUIRED)
    assert {r["username"] for r in rows} == {admin.username, people["worker"].username}
    username = unique("anna")
    resp = browser.post("/api/schemes/create_items", {
        "model_name": "User", "requested_data": ["id"], "reference": f"User_{username}",
        "object_values": {"username": username, "email": f"{username}@example.com",
                          "phone": "+41 79 222 22 22", "password": "anna-pw-1",
                          "profile_picture": "https://bucket/profiles_pictures/a.png"}})
    body = assert_ok(resp, 201, f"User_{username} created!")
    new_id = body[0]["id"]
    resp = browser.post("/api/schemes/update_items", {
        "model_name": "User", "query_filters": {"id": new_id}, "update_type": "first_match",
        "object_values": {"phone": "+41 79 333 33 33"}, "reference": "user"})
    assert assert_ok(resp, 201, "user Updated!") == []
    anna = Browser(sc.server)
    assert anna.login(f"{username}@example.com", "anna-pw-1")["roles"] == []
    # Anna edits her own profile (no old password).
    resp = anna.post("/api/schemes/update_items", {
        "model_name": "User", "query_filters": {"id": new_id}, "update_type": "first_match",
        "object_values": {"username": f"{username}2", "password": "anna-pw-2"},
        "reference": "user"})
    assert assert_ok(resp, 201, "user Updated!") == []
    resp = browser.post("/api/schemes/delete_items", {
        "model_name": "User", "object_values": {"query_filters": {"id": new_id},
                                                "delition_type": "delete_first"},
        "reference": f"User {username}2"})
    assert assert_ok(resp, 201, f"User {username}2 Deleted!") == []


def test_20_items_delete_and_logout(browser, state):
    tag = state["tag"]
    resp = browser.post("/api/schemes/delete_items", {
        "model_name": "Item", "reference": "Item", "object_values": {
            "query_filters": {"article_number": {"operation": "in",
                                                 "value": [f"{tag}-5", f"{tag}-6"]}},
            "delition_type": "delete_all"}})
    assert assert_ok(resp, 201, "Item Deleted!") == []
    assert assert_ok(browser.post("/api/logout", {}), 200, LOGGED_OUT) == []
    assert_error(browser.post("/api", {}), 401, "user not authenticated")
