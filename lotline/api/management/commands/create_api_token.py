"""`lotline create_api_token USER NAME [--scopes read,record]`: print a new device token once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lotline.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a device; the token is printed once and only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'scanner line 2'")
        parser.add_argument("--scopes", default="read,record", help="comma-separated: read, record, admin")

    def handle(self, *args, username: str, name: str, scopes: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            _token, clear = ApiToken.issue(user, name, scopes)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(clear)
