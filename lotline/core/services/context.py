"""Who, when and where an event is recorded — passed to every service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import Location, Machine, Site, WorkOrder
from lotline.lib.times import FIRST_YEAR, SkippedTime

from .errors import LedgerError

# Scanners and tablets drift; an event a few minutes "in the future" is a clock, not a prophecy.
CLOCK_SKEW = timedelta(minutes=5)
# No plant scanned anything before this; an earlier date is a typo (year 1, 1900) or a broken clock, and
# the first centuries cannot even be turned into UTC.
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)


def too_early(moment: datetime) -> bool:
    try:
        return moment < EARLIEST
    except OverflowError:  # 0001-01-01T00:30+01:00 lies before datetime.min in UTC
        return True


@dataclass
class EventContext:
    """The circumstances of one recorded event.

    ``uid`` is the client's event id (offline queue, API retries): the same id twice is the same event.
    ``occurred_at`` defaults to now; a back-dated time is allowed (paper records typed in later), a future
    one is not.
    """

    user: AbstractBaseUser | None
    site: Site
    occurred_at: datetime | None = None
    machine: Machine | None = None
    location: Location | None = None
    work_order: WorkOrder | None = None
    uid: uuid.UUID | None = None
    recorded_at: datetime = field(default_factory=timezone.now)

    def __post_init__(self) -> None:
        if self.uid is not None and not isinstance(self.uid, uuid.UUID):
            try:
                self.uid = uuid.UUID(str(self.uid))
            except ValueError:
                raise LedgerError(
                    "bad_event_id", _("The event id is not a UUID."), field="event_id"
                ) from None
        if self.occurred_at is not None:
            if timezone.is_naive(self.occurred_at):
                raise LedgerError("bad_time", _("The time has no time zone."), field="occurred_at")
            if too_early(self.occurred_at):
                raise LedgerError(
                    "past_time",
                    _("The time lies before %(year)s; check the date.") % {"year": EARLIEST.year},
                    field="occurred_at",
                )
            if self.occurred_at > self.recorded_at + CLOCK_SKEW:
                raise LedgerError(
                    "future_time",
                    _("The time lies in the future; check the device clock."),
                    field="occurred_at",
                )

    @property
    def when(self) -> datetime:
        return self.occurred_at or self.recorded_at

    def default_location(self) -> Location:
        if self.location is not None:
            return self.location
        location = Location.objects.filter(site=self.site).order_by("-is_default", "code").first()
        if location is None:
            raise LedgerError("no_location", _("Site %(site)s has no location.") % {"site": self.site.code})
        return location


def skipped_time_message(exc: SkippedTime) -> str:
    """The refusal of a wall-clock time the site's clock skipped, in the words every edge uses."""
    return _("%(value)s does not exist in %(zone)s: the clocks went forward over that hour.") % {
        "value": exc.value,
        "zone": exc.zone,
    }
