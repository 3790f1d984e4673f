"""Speed: the recall scope page for the demo plant's worst lot renders in under a second."""

import time

import pytest
from django.contrib.auth.models import Group, User

from lotline.core.models import Lot
from lotline.core.queries import trace

pytestmark = pytest.mark.slow


def worst_lot() -> Lot:
    """The received lot whose forward trace reaches the most lots (the biggest recall of the plant)."""
    raw = list(Lot.objects.filter(origin=Lot.Origin.RECEIVED))
    return max(raw, key=lambda lot: (len(trace(lot, "forward").lots), lot.number))


def test_recall_scope_page_of_the_worst_demo_lot_renders_within_a_second(db, client):
    from lotline.demo.plant import build_demo_plant

    build_demo_plant()
    lot = worst_lot()
    user = User.objects.create_user("sam", password="pw")
    user.groups.add(Group.objects.get(name="supervisor"))
    client.force_login(user)
    timings = {}
    for name, url, params in [
        ("scope", "/recall/scope/", {"lot": lot.number}),
        ("trace", f"/recall/lots/{lot.number}/", {}),
        ("pdf", "/recall/scope/export.pdf", {"lot": lot.number}),
    ]:
        client.get(url, params)  # warm caches (templates, first query plans)
        started = time.perf_counter()
        response = client.get(url, params)
        timings[name] = time.perf_counter() - started
        assert response.status_code == 200
    lots = len(trace(lot, "forward").lots)
    print(
        f"\nworst lot {lot.number}: {lots} lots forward; "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items())
    )
    assert timings["scope"] < 1.0
    assert timings["trace"] < 1.0
