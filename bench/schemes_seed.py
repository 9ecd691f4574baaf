#!/usr/bin/python3
"""The data set of bench/schemes.sh, created through the schemes API like the client would.

  schemes_seed.py BASE EMAIL PASSWORD WORKDIR

Logs in, creates 20 subjects, 50 dealers, 10,000 items (in batches: object_values arrays) and
2,000 notes each linked to 5 items and one subject (list bodies), checks the item list returns a
full page, writes the request bodies of the three scenarios (list.json, detail.json,
create.json) into WORKDIR, and prints the token.
"""

import json
import sys
import urllib.request

ITEMS, DEALERS, SUBJECTS, NOTES, ITEMS_PER_NOTE, BATCH = 10_000, 50, 20, 2_000, 5, 500
CATEGORIES = ["Seating", "Tables", "Lighting", "Storage", "Decor"]


def call(base, path, body, token=None):
    req = urllib.request.Request(base + path, method="POST", data=json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read())


def create(base, token, model, values, requested=("id",)):
    body = {"model_name": model, "reference": model, "requested_data": list(requested),
            "object_values": values}
    return call(base, "/api/schemes/create_items", body, token)["body"]


def main(argv):
    base, email, password, work = argv[1:5]
    token = call(base, "/api/login", {"email": email, "password": password})["body"][0]["token"]

    subjects = [r["id"] for r in create(base, token, "Item_Notes_Subject",
                                        [{"subject": f"subject {s}"} for s in range(SUBJECTS)])]
    dealers = [r["id"] for r in create(base, token, "Dealer", [
        {"dealer_name": f"dealer {d}", "dealer_type": "Private", "raw_address": f"street {d}"}
        for d in range(DEALERS)])]
    items = []
    for start in range(0, ITEMS, BATCH):
        batch = [{
            "article_number": f"A-{n:05d}", "reference_number": f"R-{n:05d}",
            "category": CATEGORIES[n % len(CATEGORIES)], "type": "Chair", "state": "In-Stock",
            "location": "Warehouse", "purchased_price": n % 500, "valuation": n % 900,
            "properties": {"Set Of": n % 6 + 1, "designer": f"designer {n % 40}"},
            "dimensions": {"height": 80 + n % 20, "width": 50, "depth": 45},
            "images": [f"https://images.example/{n}.jpg"], "created_by": "bench-admin",
            "dealer": {"action": "link", "values": {"Dealer": {
                "query_filters": {"id": dealers[n % DEALERS]}, "link_type": "first_link"}}},
        } for n in range(start, min(start + BATCH, ITEMS))]
        items += [r["id"] for r in create(base, token, "Item", batch)]
    items.sort()

    for start in range(0, NOTES, BATCH):
        body = []
        for n in range(start, min(start + BATCH, NOTES)):
            linked = [items[(n * ITEMS_PER_NOTE + k) % len(items)] for k in range(ITEMS_PER_NOTE)]
            body.append({"model_name": "Item_Note", "reference": "Note", "requested_data": [],
                         "object_values": {
                             "note_content": f"note {n}",
                             "subject": {"action": "link", "values": {"Item_Notes_Subject": {
                                 "query_filters": {"id": subjects[n % SUBJECTS]},
                                 "link_type": "first_link"}}},
                             "items": {"action": "link", "values": {"Item": {
                                 "query_filters": {"id": {"operation": "in", "value": linked}},
                                 "link_type": "all_link"}}}}})
        call(base, "/api/schemes/create_items", body, token)

    scenarios = {
        "list": {"model_name": "Item", "per_page": 180,
                 "requested_data": ["id", "type", "article_number", "reference_number",
                                    "properties", "images"],
                 "query_filters": {"notes.subject.id": {"operation": "in",
                                                        "value": subjects[:3]}}},
        "detail": {"model_name": "Item", "per_page": 1,
                   "query_filters": {"id": items[len(items) // 2]},
                   "requested_data": ["id", "type", "article_number", "reference_number",
                                      "images", "category", "properties", "dimensions", "issues",
                                      "parts", "missing_parts", "state", "location",
                                      "created_at", "sold_price", "valuation",
                                      "purchased_price", "created_by",
                                      {"dealer": ["dealer_name", "id"]}]},
        # The client's note: a list body, the subject linked by id, two items by article number,
        # a history row on each. Items far from the note ids, so that the captured SQL can tell
        # the new note's id from theirs (schemes_sql.py).
        "create": [{"model_name": "Item_Note", "reference": "Note", "requested_data": ["id"],
                    "object_values": {
                        "note_content": "bench note",
                        "subject": {"action": "link", "values": {"Item_Notes_Subject": {
                            "query_filters": {"id": subjects[0]}, "link_type": "first_link"}}},
                        "items": {"action": "link", "values": {"Item": {
                            "query_filters": {"article_number": {
                                "operation": "in", "value": [f"A-{ITEMS - 1:05d}",
                                                             f"A-{ITEMS - 2:05d}"]}},
                            "link_type": "all_link",
                            "also_do": {"item_history": {
                                "action": "create", "append": True,
                                "sub_model_name": "Item_History",
                                "values": {"column_name": "Note", "user_name": "bench-admin",
                                           "from_value": "", "type": "Created",
                                           "to_value": {"content": "bench note",
                                                        "subject": "subject 0"}}}}}}}}}],
    }
    page = call(base, "/api/schemes/get_items", scenarios["list"], token)["body"]
    if len(page) != 180:
        sys.exit(f"schemes_seed: the item list returned {len(page)} rows, expected 180")
    for name, body in scenarios.items():
        with open(f"{work}/{name}.json", "w", encoding="utf-8") as f:
            json.dump(body, f)
    print(token)


if __name__ == "__main__":
    main(sys.argv)
