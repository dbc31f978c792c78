"""List endpoints page with a cursor that stays stable while rows are added around it."""


def _page(world, headers, cursor=None, limit=3):
    params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
    r = world.client.get("/api/v1/organisations", headers=headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_pages_cover_every_row_once_even_when_rows_are_added_between_pages(world):
    admin = world.login(world.admin)
    for n in range(5):
        world.client.post(
            "/api/v1/organisations", headers=admin, json={"kind": "ministry", "name": f"Ministry {n}"}
        )
    everything = {o["id"] for o in _page(world, admin, limit=500)["items"]}
    seen: list[str] = []
    page = _page(world, admin)
    seen += [o["id"] for o in page["items"]]
    added = world.client.post(
        "/api/v1/organisations", headers=admin, json={"kind": "ministry", "name": "Late"}
    ).json()
    while page["next_cursor"]:
        page = _page(world, admin, page["next_cursor"])
        seen += [o["id"] for o in page["items"]]
    assert len(seen) == len(set(seen)), "a row was served twice"
    assert everything <= set(seen), "a row that existed before paging began was skipped"
    assert set(seen) <= everything | {added["id"]}


def test_the_last_page_has_no_cursor(world):
    page = _page(world, world.login(world.admin), limit=500)
    assert page["next_cursor"] is None
