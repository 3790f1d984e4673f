import pytest
from django.contrib.auth.models import Group, User

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_operator_signs_in_on_a_phone_and_sees_the_floor_tiles(live_server, phone, transactional_db):
    user = User.objects.create_user("olga", password="pw-olga-123")
    user.groups.add(Group.objects.get(name="operator"))
    sign_in(phone, live_server, "olga", "pw-olga-123")
    tiles = phone.locator(".tile").all_inner_texts()
    assert tiles == ["Receive", "Work order", "Ship", "Look up a lot"]
