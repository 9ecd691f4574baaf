"""Races the original turned into 500s (spec/flowtrack.md §8 #16) and concurrent writers on one
database ("never SQLITE_BUSY to a client", several instances on one database)."""

from api.support import V1, run_at_once, unique_email


def test_concurrent_duplicate_registration_gives_one_201_and_400s(server):
    V1(server).register()  # not the first user
    email = unique_email("race")
    results = run_at_once(8, lambda i: V1(server).register_raw(email=email))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [400] * 7, [(r.status_code, r.text) for r in results]
    for r in results:
        if r.status_code == 400:
            assert r.json() == {"detail": "Email already registered"}


def test_concurrent_first_registrations_make_exactly_one_admin(server):
    results = run_at_once(6, lambda i: V1(server).register_raw(email=unique_email(f"first{i}-")))
    assert [r.status_code for r in results] == [201] * 6, [r.text for r in results]
    roles = sorted(r.json()["user"]["role"] for r in results)
    assert roles == ["admin"] + ["member"] * 5


def test_concurrent_writes_from_two_instances(start_server, launcher):
    database = launcher.new_database()
    a = start_server(database=database)
    b = start_server(database=database, env=a.env)
    admin = V1(a).register()
    results = run_at_once(20, lambda i: V1(a if i % 2 else b).register_raw())
    assert [getattr(r, "status_code", r) for r in results] == [201] * 20, [
        getattr(r, "text", r) for r in results]
    users = V1(b).get("/users", token=admin.token, params={"limit": 1000})
    assert users.status_code == 200
    assert len(users.json()) == 21
    assert sum(u["role"] == "admin" for u in users.json()) == 1


def test_concurrent_updates_and_reads(server):
    v1 = V1(server)
    admin = v1.register()
    target = v1.register()

    def work(i):
        if i % 2:
            return V1(server).put(f"/users/{target.id}", token=admin.token, json={"name": f"n{i}"})
        return V1(server).me(target.token)

    results = run_at_once(16, work)
    assert all(getattr(r, "status_code", None) == 200 for r in results), [
        getattr(r, "text", r) for r in results]
    final = v1.me(target.token).json()["name"]
    assert final in {f"n{i}" for i in range(1, 16, 2)}
