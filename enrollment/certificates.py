"""Verification of a course certificate: a code printed on the certificate that anyone can check at a
public address, without logging in. The page shows only the name, the course and the date.

The code is the enrollment's id and an HMAC of it under the portal's secret key, so it cannot be guessed
or made up from another id, and needs nothing stored. (A new SECRET_KEY makes old codes unverifiable.)
"""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Enrollment, occasion_last_day

_SALT = "yrkesresan.enrollment.certificate"


def _mac(pk: int) -> str:
    return salted_hmac(_SALT, str(pk)).hexdigest()[:12].upper()


def certificate_code(enrollment: Enrollment) -> str:
    """ "1234-9F3A6C0B12DE": what the certificate prints and the verification address carries."""
    return f"{enrollment.pk}-{_mac(enrollment.pk)}"


def verified_certificate(code: str | None) -> dict[str, object] | None:
    """(name, course, date) of the completed course the code belongs to, or None for any other code
    (made up, mistyped, a booking that is not completed, or a person who has been anonymised)."""
    pk, _, mac = (code or "").strip().upper().partition("-")
    if not pk.isdigit() or len(pk) > 12 or not constant_time_compare(mac, _mac(int(pk))):
        return None
    enrollment = (
        Enrollment.objects.select_related("person", "occasion__course")
        .filter(pk=int(pk), status=Enrollment.Status.COMPLETED)
        .first()
    )
    if enrollment is None or not enrollment.person.get_full_name():
        return None
    return {
        "name": enrollment.person.get_full_name(),
        "course": enrollment.occasion.course.name,
        "date": occasion_last_day(enrollment.occasion),
    }
