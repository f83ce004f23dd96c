"""The one domain error type and the one view helper that shows it.

A service that refuses a change raises DomainError (or an app's subclass, e.g.
enrollment.services.EnrollmentError) with a code for the program and a Swedish message for the person;
the view catches it and calls `show_error`, which puts the message on the next page as it is.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

# The code of a refusal that only repeats what has already happened (a double click, a reload).
ALREADY = "already"


class DomainError(ValidationError):
    """A domain rule refused the change; the message is shown to the user as it is."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message, code=code)

    def __str__(self) -> str:
        return self.messages[0]


def show_error(request: HttpRequest, error: ValidationError) -> None:
    """Show a refused change (any ValidationError) as a message; a repeated action is only information."""
    text = " ".join(error.messages)
    if getattr(error, "code", None) == ALREADY:
        messages.info(request, text)
    else:
        messages.error(request, text)
