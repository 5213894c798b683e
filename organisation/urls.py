from django.urls import path

from organisation import move_views, views

app_name = "organisation"

urlpatterns = [
    path("import/", views.onboarding_upload, name="onboarding"),
    path("import/godkend/", views.onboarding_confirm, name="onboarding_confirm"),
    path("import/skabelon.xlsx", views.onboarding_template, name="onboarding_template"),
    path("arbejdssted/<int:pk>/flyt/", move_views.workplace_move, name="workplace_move"),
    path("adgangskode/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
]
