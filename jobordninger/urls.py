from django.contrib import admin
from django.urls import include, path

from jobordninger import account_views, pages, views

admin.site.site_header = "Jobordninger – administration"
admin.site.site_title = "Jobordninger"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", pages.LoginView.as_view(), name="login"),
    path("logout/", pages.LogoutView.as_view(), name="logout"),
    path("konto/", include(account_views.password_urls)),
    path("oidc/", include(account_views.oidc_urls)),
    path("soeg/", pages.search, name="search"),
    path("hjaelp/", pages.help_index, name="help"),
    path("hjaelp/<slug:slug>/", pages.help_page, name="help_page"),
    path("sundhed/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("hr/", include("placements.urls")),
    path("matchning/", include("matching.urls")),
    path("status/", include("reports.urls")),
    path("maaltal/", include("schemes.urls")),
    path("organisation/", include("organisation.urls")),
]

handler500 = "jobordninger.pages.server_error"
