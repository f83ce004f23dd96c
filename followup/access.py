"""Who may see which follow-up results: the one place every results page and export asks.

Project leader and styrgrupp see every group; a manager sees only their own municipality (and the
selectors hide it while it has too few answers); everybody else may not see results at all.
Free-text answers are for the project leader only. Nobody can see who answered what: no view
joins invitations to responses, and the models cannot.
"""

from django.http import Http404

RESULT_ROLES = ("project_leader", "steering_group", "manager")
# Part C of seed 004: the comments of every survey, for groups large enough, to the project leader and
# the styrgrupp (only the project leader marks them handled).
COMMENT_ROLES = ("project_leader", "steering_group")


def results_filters_for(user, requested):
    """The group filters `user` may use, from the `requested` ones; a manager is held to their municipality.

    A manager asking for another municipality gets 404, so nothing leaks about it.
    """
    filters = {k: v for k, v in requested.items() if v not in (None, "")}
    if user.has_role("project_leader") or user.has_role("steering_group"):
        return filters
    if user.has_role("manager") and user.municipality_id:
        asked = filters.get("municipality")
        if asked is not None and getattr(asked, "pk", asked) != user.municipality_id:
            raise Http404
        filters["municipality"] = user.municipality
        return filters
    raise Http404


def may_read_free_text(user):
    return user.has_role("project_leader")


def may_build_surveys(user):
    return user.has_role("project_leader")
