"""Master data: sites, locations, machines, parties (suppliers and customers), items."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotline.lib import lotnumbers
from lotline.lib.quantities import UNITS


def validate_gtin(value: str) -> None:
    """GTIN-8/12/13/14 with a correct mod-10 check digit."""
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValidationError(_("A GTIN has 8, 12, 13 or 14 digits."))
    digits = [int(c) for c in value.zfill(14)]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits[:-1]))
    if (10 - total % 10) % 10 != digits[-1]:
        raise ValidationError(_("GTIN %(gtin)s has a wrong check digit.") % {"gtin": value})


def validate_pattern(value: str) -> None:
    try:
        lotnumbers.validate_pattern(value)
    except lotnumbers.LotNumberError as exc:
        raise ValidationError(str(exc)) from None


class Site(models.Model):
    """A plant or warehouse; times are shown in its time zone."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    address = models.TextField(_("address"), blank=True)
    gln = models.CharField(_("GLN"), max_length=13, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("site")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default(cls) -> Site | None:
        """The plant's default site, the first by code: where a time typed without an offset is read when
        no machine or user says otherwise, and where imports land unless told. One rule for every edge."""
        return cls.objects.order_by("code").first()


class Location(models.Model):
    """A place within a site where stock lies (rack, cage, line-side, quarantine area)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="locations")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, blank=True)
    is_default = models.BooleanField(_("default for receiving"), default=False)

    class Meta:
        ordering = ["site", "code"]
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="location_code_unique_per_site")]
        verbose_name = _("location")

    def __str__(self) -> str:
        return f"{self.site.code}/{self.code}"


class Machine(models.Model):
    """A machine or line that work orders run on."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="machines")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("machine group"), max_length=60, blank=True)
    hours_per_day = models.DecimalField(
        _("capacity, hours per day"), max_digits=5, decimal_places=2, default=8
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("machine")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Party(models.Model):
    """A supplier or a customer (or both), with the contact a recall letter goes to."""

    class Role(models.TextChoices):
        SUPPLIER = "supplier", _("supplier")
        CUSTOMER = "customer", _("customer")
        BOTH = "both", _("supplier and customer")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    address = models.TextField(_("address"), blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    gln = models.CharField(_("GLN"), max_length=13, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def is_supplier(self) -> bool:
        return self.role in (self.Role.SUPPLIER, self.Role.BOTH)

    @property
    def is_customer(self) -> bool:
        return self.role in (self.Role.CUSTOMER, self.Role.BOTH)


class Item(models.Model):
    """A material or product, counted in one base unit."""

    class Kind(models.TextChoices):
        RAW = "raw", _("raw material")
        INTERMEDIATE = "intermediate", _("intermediate")
        FINISHED = "finished", _("finished good")
        PACKAGING = "packaging", _("packaging")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    unit = models.CharField(_("base unit"), max_length=8, choices=[(u, u) for u in UNITS])
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, validators=[validate_gtin])
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)
    lot_pattern = models.CharField(
        _("lot number pattern"),
        max_length=60,
        default=lotnumbers.DEFAULT_PATTERN,
        validators=[validate_pattern],
    )
    is_food = models.BooleanField(_("food (FSMA 204 traceability list)"), default=False)
    # Mass balance: how far a work order's output may differ from the recipe's expected yield.
    yield_tolerance_pct = models.DecimalField(
        _("yield tolerance %"), max_digits=5, decimal_places=2, default=2
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("item")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        """Refuse an item whose code and pattern could never give a valid lot number (caught here, in the
        admin or an import, rather than at the first receipt)."""
        from datetime import date

        try:
            lotnumbers.render(self.lot_pattern, self.code, "SITE", date(2099, 12, 31), 1)
        except lotnumbers.LotNumberError as exc:
            raise ValidationError({"code": str(exc)}) from None
