"""Access checks for views, used by every app (roles are defined in accounts.roles, how far each
reaches in accounts.scope)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .scope import MunicipalityScope


def _required(allowed):
    """Let a logged-in person through if `allowed(user)`; others get 403, anonymous log in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_required(*roles):
    """Let a logged-in person through if they hold any of `roles` (accounts.roles.Role members)."""
    return _required(lambda user: any(user.has_role(role) for role in roles))


def scope_required(purpose):
    """Let a logged-in person through if they hold a role that takes part in `purpose` (core.scope);
    for apps below accounts, which cannot import its role sets."""
    return _required(lambda user: MunicipalityScope.for_user(user, purpose).takes_part)
