"""Target administration under /maaltal/ (administrators)."""

from django.urls import path

from schemes import policy_views, views

app_name = "schemes"

urlpatterns = [
    path("", views.target_list, name="target_list"),
    path("<int:year>/<int:department_id>/", views.target_edit, name="target_edit"),
    path("kopier/", views.target_copy, name="target_copy"),
    path("import/", views.target_import, name="target_import"),
    path("import/skabelon.xlsx", views.target_import_template, name="target_import_template"),
    path("historik/", views.target_history, name="target_history"),
    path("politik/", policy_views.policy_edit, name="policy_edit"),
]
