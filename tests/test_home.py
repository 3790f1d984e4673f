"""The start page: operators see their four floor tiles; supervisors also get the recall search box (the
7:30 call starts here) and a reminder when no dry-recall drill ran in the last 30 days."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from lotline.recall.drills import run_drill
from lotline.recall.models import Drill
from tests.core_fixtures import receive_lot


def test_operator_home_has_floor_tiles_and_no_recall_box(plant, client):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    client.force_login(plant.operator)
    page = client.get("/").content.decode()
    assert 'id="home-recall"' not in page and 'id="drill-reminder"' not in page
    assert page.count('class="tile"') == 4


def test_supervisor_home_searches_the_recall_desk_and_reminds_of_the_drill(plant, client):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client.force_login(plant.supervisor)
    page = client.get("/").content.decode()
    assert 'id="home-recall"' in page and 'action="/recall/search/"' in page
    assert "No dry-recall drill has been run yet." in page


def test_a_recent_drill_silences_the_reminder_and_an_old_one_brings_it_back(plant, client):
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    run_drill(lot=receive_lot(plant, "A", 10), user=plant.supervisor)
    client.force_login(plant.supervisor)
    assert 'id="drill-reminder"' not in client.get("/").content.decode()
    Drill.objects.update(ran_at=timezone.now() - timedelta(days=31))
    assert 'id="drill-reminder"' in client.get("/").content.decode()


def test_refused_and_missing_pages_say_so_in_plain_words_with_a_way_back(plant, sam):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    client = Client()
    client.force_login(plant.operator)
    refused = client.get("/recall/")
    assert refused.status_code == 403
    assert "You may not open this page" in refused.content.decode()
    assert 'href="/"' in refused.content.decode()
    missing = sam.get("/recall/cases/RC-1999-999/")
    assert missing.status_code == 404
    assert "There is nothing here" in missing.content.decode()
    assert "Back to the start page" in missing.content.decode()
