"""The people a user may see: every list of people goes through `people_visible_to`, so
"a manager sees their own municipality" is written once."""

from .models import User
from .roles import Role


def people_visible_to(user):
    """People the user may list: all for the project leader, own municipality for a manager."""
    people = User.objects.select_related("municipality", "manager")
    if user.has_role(Role.PROJECT_LEADER):
        return people
    if user.has_role(Role.MANAGER) and user.municipality_id:
        return people.filter(municipality_id=user.municipality_id)
    return people.none()
