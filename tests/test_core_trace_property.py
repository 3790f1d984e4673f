"""Random genealogies (DAGs, cycles, self-links, parallel links, voided links) trace exactly like a
reference breadth-first search in Python — lots, depths, links and ambiguous flags, both directions,
bounded and unbounded."""

from collections import deque

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotline.core.models import Event, EventKind, GenealogyLink, LinkVoid, Lot
from lotline.core.queries import trace
from tests.core_fixtures import fast_password_hashing  # noqa: F401

MAX_LOTS = 10


@st.composite
def genealogies(draw):
    size = draw(st.integers(2, MAX_LOTS))
    lot = st.integers(0, size - 1)
    links = draw(
        st.lists(
            st.tuples(lot, lot, st.sampled_from(["explicit", "implicit"]), st.integers(0, 1), st.booleans()),
            max_size=3 * size,
        )
    )
    roots = draw(st.lists(lot, min_size=1, max_size=3, unique=True))
    max_depth = draw(st.one_of(st.none(), st.integers(1, 4)))
    return size, links, roots, max_depth


def reference_walk(links, roots, direction, max_depth):
    """Shortest depth of every lot reachable over live links, and the live links leaving them."""
    near, far = (1, 0) if direction == "backward" else (0, 1)
    live = [link for link in links if not link[4]]
    depth = {root: 0 for root in roots}
    queue = deque(roots)
    while queue:
        current = queue.popleft()
        if max_depth is not None and depth[current] >= max_depth:
            continue
        for link in live:
            if link[near] == current and link[far] not in depth:
                depth[link[far]] = depth[current] + 1
                queue.append(link[far])
    stepped = [
        index
        for index, link in enumerate(links)
        if not link[4] and link[near] in depth and (max_depth is None or depth[link[near]] < max_depth)
    ]
    return depth, stepped


def reference_ambiguous(links, index):
    parent, child, basis, work_order, voided = links[index]
    implicit = [link for link in links if link[2] == "implicit" and link[3] == work_order and not link[4]]
    outputs = {link[1] for link in implicit if link[0] == parent}
    inputs = {link[0] for link in implicit if link[1] == child}
    return basis == "implicit" and len(outputs) > 1 and len(inputs) > 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(genealogies())
def test_random_genealogies_trace_like_a_reference_bfs(plant, genealogy):
    size, links, roots, max_depth = genealogy
    if not hasattr(plant, "property_work_orders"):  # the fixture lives across examples; rows do not
        plant.property_work_orders = [plant.work_order(), plant.work_order()]
    with transaction.atomic():
        Lot.objects.bulk_create(
            Lot(
                number=f"P{i:02d}",
                item=plant.shaft,
                site=plant.site,
                origin="imported",
                created_at=plant.clock,
            )
            for i in range(size)
        )
        lots = list(Lot.objects.filter(number__startswith="P").order_by("number"))
        event = Event.objects.create(
            kind=EventKind.PRODUCE,
            occurred_at=plant.clock,
            recorded_at=plant.clock,
            site=plant.site,
            fingerprint="property",
        )
        GenealogyLink.objects.bulk_create(
            GenealogyLink(
                parent=lots[p],
                child=lots[c],
                basis=basis,
                work_order=plant.property_work_orders[wo],
                event=event,
            )
            for p, c, basis, wo, _voided in links
        )
        rows = list(GenealogyLink.objects.filter(event=event).order_by("id"))
        correction = Event.objects.create(
            kind=EventKind.CORRECT,
            occurred_at=plant.clock,
            recorded_at=plant.clock,
            site=plant.site,
            fingerprint="void",
        )
        LinkVoid.objects.bulk_create(
            LinkVoid(link=row, correction=correction)
            for row, link in zip(rows, links, strict=True)
            if link[4]
        )
        index_of_lot = {lot.pk: i for i, lot in enumerate(lots)}
        index_of_link = {row.pk: i for i, row in enumerate(rows)}

        for direction in ("backward", "forward"):
            result = trace([lots[r] for r in roots], direction, max_depth=max_depth)
            depth, stepped = reference_walk(links, roots, direction, max_depth)
            expected_lots = sorted((d, f"P{i:02d}") for i, d in depth.items())
            assert [(lot.depth, lot.number) for lot in result.lots] == expected_lots
            assert sorted(index_of_link[link.id] for link in result.links) == stepped
            for link in result.links:
                i = index_of_link[link.id]
                assert (index_of_lot[link.parent_id], index_of_lot[link.child_id]) == links[i][:2]
                assert link.ambiguous == reference_ambiguous(links, i)
            assert sorted(lot.number for lot in result.roots) == sorted(f"P{r:02d}" for r in roots)
        transaction.set_rollback(True)
