from django.urls import path, register_converter

from . import views


class MunicipalityCode:
    """Four digits, so that a kommunkod never collides with the fixed paths below."""

    regex = r"\d{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(MunicipalityCode, "kommunkod")

app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("ny/", views.municipality_create, name="create"),
    path("min-kommun/", views.my_municipality, name="mine"),
    path("folkmangd/importera/", views.population_import, name="population_import"),
    path("kostnadsfordelning/", views.cost_split_list, name="cost_splits"),
    path("kostnadsfordelning/ny/", views.cost_split_create, name="cost_split_create"),
    path("kostnadsfordelning/<slug:region>/<int:year>/", views.cost_split_detail, name="cost_split"),
    path("kostnadsfordelning/<slug:region>/<int:year>/andra/", views.cost_split_edit, name="cost_split_edit"),
    path(
        "kostnadsfordelning/<slug:region>/<int:year>/export.csv",
        views.cost_split_export,
        {"fmt": "csv"},
        name="cost_split_csv",
    ),
    path(
        "kostnadsfordelning/<slug:region>/<int:year>/export.xlsx",
        views.cost_split_export,
        {"fmt": "xlsx"},
        name="cost_split_xlsx",
    ),
    path("overenskommelser/<int:pk>/", views.agreement_detail, name="agreement"),
    path("overenskommelser/<int:pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("overenskommelser/<int:pk>/dokument/", views.agreement_document, name="agreement_document"),
    path("<kommunkod:code>/", views.municipality_detail, name="detail"),
    path("<kommunkod:code>/andra/", views.municipality_edit, name="edit"),
    path("<kommunkod:code>/overenskommelser/ny/", views.agreement_create, name="agreement_create"),
]
