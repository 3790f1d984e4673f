"""The HTTP API (django-ninja) under /api/v1/: record events from devices and the offline queue."""
