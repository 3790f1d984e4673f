"""The `lotline` command: Django's management commands with lotline's settings.

`lotline trace back LOT`, `lotline recall LOT…`, `lotline receive …` are management commands in
lotline/core/management/commands; this wrapper only saves typing `python manage.py`.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lotline", *sys.argv[1:]])


if __name__ == "__main__":
    main()
