"""`lotline create_api_token USER NAME [--scopes read,record]`: print a new device token once.

Exit status 0 with the token on stdout; 2 when refused — an unknown user or scope, an empty or over-long
name — with one line on stderr and nothing stored (docs/cli.md, "Exit codes").
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.api.models import SCOPES, ApiToken
from lotline.core.management.commands._output import refuse


class Command(BaseCommand):
    help = _("Create an API token for a device; the token is printed once and only its hash is stored.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help=_("what the token is for, e.g. 'scanner line 2'"))
        parser.add_argument("--scopes", default="read,record", help=_("comma-separated: read, record, admin"))

    def handle(self, *args, username: str, name: str, scopes: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise refuse(_("No user %(name)s.") % {"name": username})
        name = name.strip()
        longest = ApiToken._meta.get_field("name").max_length
        if not name or len(name) > longest:
            # PostgreSQL would refuse an over-long name with a database error (a traceback here).
            raise refuse(
                _("Give the token a name of 1 to %(longest)d characters (what it is for).")
                % {"longest": longest}
            )
        given = {s.strip() for s in scopes.split(",") if s.strip()}
        unknown = given - set(SCOPES)
        if unknown or not given:
            # Checked here rather than by ApiToken.issue, whose ValueError text is not translated.
            raise refuse(
                _("Unknown scopes %(scopes)s; use one or more of %(known)s.")
                % {"scopes": ", ".join(sorted(unknown)) or "''", "known": ", ".join(SCOPES)}
            )
        # Each scope once, in a fixed order: "read, read, read…" would not fit the 40-character column.
        _token, clear = ApiToken.issue(user, name, ",".join(s for s in SCOPES if s in given))
        self.stdout.write(clear)
