"""Cross-cutting records that every app may use: the log of e-mails sent exactly once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentEmail(models.Model):
    """One row per e-mail event; the unique key is what makes a retried task send nothing twice."""

    key = models.CharField(_("nyckel"), max_length=200, unique=True)
    recipient = models.EmailField(_("mottagare"))
    subject = models.CharField(_("ämne"), max_length=255)
    sent_at = models.DateTimeField(_("skickat"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickat e-postmeddelande")
        verbose_name_plural = _("skickade e-postmeddelanden")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.key} → {self.recipient}"


class AccessibilityReport(models.Model):
    """A problem with the portal's accessibility reported by anyone, as the law (DOS-lagen) asks."""

    page_url = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning av problemet"), max_length=5000)
    name = models.CharField(_("namn"), max_length=120, blank=True)
    email = models.EmailField(_("e-postadress"), blank=True)
    created_at = models.DateTimeField(_("inkommet"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapport om tillgänglighet")
        verbose_name_plural = _("rapporter om tillgänglighet")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.page_url}"


class UsedFormToken(models.Model):
    """A create form's one-time token that was used, and where its result is (core.once)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_use_per_form_token")]

    def __str__(self):
        return f"{self.token[:8]}… → {self.url}"
