"""Regions, municipalities and their contacts, e-mail domains, population, agreements and cost split."""

import datetime
import uuid
from decimal import Decimal

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import OversizedUpload, check_pdf_is_inert

municipality_code_validator = RegexValidator(
    r"^\d{4}$", _("Kommunkoden ska vara fyra siffror, till exempel 2580.")
)


class Region(models.Model):
    """A regional support structure (RSS), such as Norrbottens Kommuner."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    county = models.CharField(_("län"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[municipality_code_validator],
        error_messages={"unique": _("Det finns redan en kommun med den kommunkoden.")},
    )
    name = models.CharField(_("namn"), max_length=80)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    joined_on = models.DateField(_("ansluten"), null=True, blank=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def population_on(self, year):
        """The latest population figure dated in or before `year`, or None."""
        return self.population_figures.filter(date__year__lte=year).order_by("-date").first()

    @property
    def current_population(self):
        return self.population_figures.order_by("-date").first()


class EmailDomain(models.Model):
    """An e-mail domain that a municipality has registered; sign-up with it places the person there."""

    domain = models.CharField(
        _("e-postdomän"),
        max_length=120,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9.-]+\.[a-z]{2,}$", _("Ange en domän som lulea.se."))],
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="email_domains")

    class Meta:
        verbose_name = _("e-postdomän")
        verbose_name_plural = _("e-postdomäner")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class PopulationFigure(models.Model):
    """Population at a reference date (SCB); fees for a year use that year's figure."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_figures"
    )
    date = models.DateField(_("datum"))
    population = models.PositiveIntegerField(_("folkmängd"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd")
        ordering = ["municipality", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "date"], name="one_population_figure_per_date"),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.population} ({self.date})"


class Contact(models.Model):
    """A named contact person in a municipality, by their role towards the programme."""

    class Role(models.TextChoices):
        SOCIAL_CHIEF = "social_chief", _("Socialchef")
        IFO_CHIEF = "ifo_chief", _("IFO-chef")
        REGIONAL_CONTACT = "regional_contact", _("Regional kontaktperson")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    name = models.CharField(_("namn"), max_length=120)
    email = models.EmailField(_("e-postadress"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["municipality", "role", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


def agreement_document_path(agreement, filename):
    # A random name: the original file name may carry personal data and must not be guessable.
    return f"overenskommelser/{agreement.municipality.code}/{uuid.uuid4().hex}.pdf"


def validate_pdf(upload):
    """Accept only a real PDF (its first bytes, and pypdf can read it) without active content, below
    the size limit (a larger upload arrives empty with its real size, see core.uploads)."""
    if isinstance(upload, OversizedUpload) or upload.size > AGREEMENT_DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("Filen är för stor (högst %(mb)s MB)."),
            code="too_large",
            params={"mb": AGREEMENT_DOCUMENT_MAX_BYTES // (1024 * 1024)},
        )
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError(_("Dokumentet måste vara en PDF-fil."), code="not_pdf")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("Filen är inte en giltig PDF-fil."), code="not_pdf")
    # A file that only begins like a PDF, or a PDF that runs scripts or carries files: refused.
    check_pdf_is_inert(upload)


AGREEMENT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
AGREEMENT_DEFAULT_START = datetime.date(2021, 1, 1)
AGREEMENT_DEFAULT_END = datetime.date(2027, 12, 31)


class AgreementQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status__in=[Agreement.Status.SENT, Agreement.Status.SIGNED])

    def expiring_within(self, days, today):
        """Agreements in force whose period ends within `days` days from `today`."""
        return self.in_force().filter(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days))

    def unsigned_since(self, days, today):
        """Agreements sent at least `days` days ago and still not signed."""
        return self.filter(status=Agreement.Status.SENT, sent_on__lte=today - datetime.timedelta(days=days))


class Agreement(models.Model):
    """An agreement (överenskommelse) with a municipality; every change is kept by django-auditlog."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional överenskommelse")
        SKR = "skr", _("SKR-avtal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SENT = "sent", _("Skickad")
        SIGNED = "signed", _("Undertecknad")
        TERMINATED = "terminated", _("Uppsagd")
        EXPIRED = "expired", _("Utgången")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    starts_on = models.DateField(_("gäller från"), default=AGREEMENT_DEFAULT_START)
    ends_on = models.DateField(_("gäller till"), default=AGREEMENT_DEFAULT_END)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    sent_on = models.DateField(_("skickad"), null=True, blank=True)
    signed_on = models.DateField(_("undertecknad"), null=True, blank=True)
    signatory = models.CharField(_("undertecknad av"), max_length=160, blank=True)
    document = models.FileField(
        _("undertecknat dokument (PDF)"), upload_to=agreement_document_path, blank=True
    )
    notes = models.TextField(_("anteckningar"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")
        ordering = ["municipality__name", "kind", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="agreement_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.municipality}"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Slutdatum kan inte vara före startdatum.")
        if self.status == self.Status.SIGNED:
            if not self.signed_on:
                errors["signed_on"] = _("Ange datum för underskriften när överenskommelsen är undertecknad.")
            if not self.signatory.strip():
                errors["signatory"] = _("Ange vem som undertecknade överenskommelsen.")
        if self.sent_on and self.signed_on and self.signed_on < self.sent_on:
            errors["signed_on"] = _(
                "Underskriftsdatumet kan inte vara före datumet då överenskommelsen skickades."
            )
        # Sending or signing after the period has ended is a typing mistake, not a real agreement.
        if self.ends_on:
            if self.sent_on and self.sent_on > self.ends_on and "sent_on" not in errors:
                errors["sent_on"] = _("Överenskommelsen kan inte skickas efter att den har slutat gälla.")
            if self.signed_on and self.signed_on > self.ends_on and "signed_on" not in errors:
                errors["signed_on"] = _(
                    "Överenskommelsen kan inte undertecknas efter att den har slutat gälla."
                )
        # What has happened cannot be dated tomorrow; a planned signing is recorded when it is done.
        today = timezone.localdate()
        if self.sent_on and self.sent_on > today and "sent_on" not in errors:
            errors["sent_on"] = _("Datumet då överenskommelsen skickades kan inte vara i framtiden.")
        if self.signed_on and self.signed_on > today and "signed_on" not in errors:
            errors["signed_on"] = _("Underskriftsdatumet kan inte vara i framtiden.")
        if self.signed_on and self.status in (self.Status.DRAFT, self.Status.SENT):
            errors["status"] = _(
                "En överenskommelse med underskriftsdatum kan inte vara utkast eller skickad."
            )
        if errors:
            raise ValidationError(errors)

    def expires_within(self, days, today=None):
        today = today or datetime.date.today()
        return self.status in (
            self.Status.SENT,
            self.Status.SIGNED,
        ) and today <= self.ends_on <= today + datetime.timedelta(days=days)


class CostSplit(models.Model):
    """A year's regional budget and how it is split between a region's municipalities.

    The model: every municipality pays `base_per_municipality` (may be zero), and the rest of the
    budget is shared by population. The national fee is population × `national_fee_per_inhabitant`.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="cost_splits"
    )
    year = models.PositiveIntegerField(_("år"), validators=[MinValueValidator(2021), MaxValueValidator(2100)])
    regional_budget = models.DecimalField(
        _("regional budget (kr)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    base_per_municipality = models.DecimalField(
        _("fast grundbelopp per kommun (kr)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Lämna 0 för att fördela hela budgeten efter folkmängd."),
    )
    national_fee_per_inhabitant = models.DecimalField(
        _("nationell avgift per invånare (kr)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("2.28"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("kostnadsfördelning")
        verbose_name_plural = _("kostnadsfördelningar")
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_cost_split_per_region_year")
        ]

    def __str__(self):
        return f"{self.region} {self.year}"


# Every change to these is kept with who made it; the project leader reads it on the agreement page.
auditlog.register(Agreement, exclude_fields=["created_at", "updated_at"])
auditlog.register(CostSplit, exclude_fields=["updated_at"])
auditlog.register(Contact)
