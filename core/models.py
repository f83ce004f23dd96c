"""Cross-cutting records that every app may use: the log of e-mails sent exactly once."""
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
