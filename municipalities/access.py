"""Which municipalities, agreements and cost splits a person may read: the one place that decides it
for every view and export."""

from django.shortcuts import get_object_or_404

from .models import Agreement, CostSplit, Municipality

READER_ROLES = ("project_leader", "steering_group", "manager")


def reads_everything(user):
    return user.is_authenticated and (user.has_role("project_leader") or user.has_role("steering_group"))


def municipalities_visible_to(user):
    """All for the project leader and the styrgrupp; a manager only their own; others none."""
    municipalities = Municipality.objects.select_related("region")
    if not user.is_authenticated:
        return municipalities.none()
    if reads_everything(user):
        return municipalities
    if user.has_role("manager") and user.municipality_id:
        return municipalities.filter(pk=user.municipality_id)
    return municipalities.none()


def get_visible_municipality(user, code):
    """The municipality with `code` if the user may read it; 404 otherwise, so nothing leaks."""
    return get_object_or_404(municipalities_visible_to(user), code=code)


def agreements_visible_to(user):
    """Agreements of the municipalities the user may read."""
    return Agreement.objects.select_related("municipality").filter(
        municipality__in=municipalities_visible_to(user)
    )


def get_visible_agreement(user, pk):
    return get_object_or_404(agreements_visible_to(user), pk=pk)


def agreement_documents_visible_to(user):
    """Agreements whose signed document the user may download: the project leader all, a manager
    their own municipality's. The styrgrupp reads status, not the documents themselves."""
    agreements = Agreement.objects.select_related("municipality")
    if user.is_authenticated and user.has_role("project_leader"):
        return agreements
    if user.is_authenticated and user.has_role("manager") and user.municipality_id:
        return agreements.filter(municipality_id=user.municipality_id)
    return agreements.none()


def cost_splits_visible_to(user):
    """All cost splits for project leader and styrgrupp; a manager those of their own region."""
    splits = CostSplit.objects.select_related("region")
    if not user.is_authenticated:
        return splits.none()
    if reads_everything(user):
        return splits
    if user.has_role("manager") and user.municipality_id:
        return splits.filter(region__municipalities=user.municipality_id)
    return splits.none()


def get_visible_cost_split(user, region_slug, year):
    return get_object_or_404(cost_splits_visible_to(user), region__slug=region_slug, year=year)
