from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jobordninger import views

admin.site.site_header = "Jobordninger – administration"
admin.site.site_title = "Jobordninger"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sundhed/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("hr/", include("placements.urls")),
    path("matchning/", include("matching.urls")),
    path("status/", include("reports.urls")),
    path("maaltal/", include("schemes.urls")),
    path("organisation/", include("organisation.urls")),
]
