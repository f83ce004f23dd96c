"""Regions, their municipalities, the e-mail domains that place a person in one, and population."""
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
        _("kommunkod"), max_length=4, unique=True, validators=[municipality_code_validator],
        error_messages={"unique": _("Det finns redan en kommun med den kommunkoden.")},
    )
    name = models.CharField(_("namn"), max_length=80)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="municipalities")
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
        _("e-postdomän"), max_length=120, unique=True,
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

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="population_figures")
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
