"""The web app's URL map. Each area keeps its own url module: floor (operators), desk (supervisor lists and
lot pages), recall (the recall desk), labels, plan (planning board and dashboard)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from lotline.web.views import home, site

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("site/", site.switch_site, name="switch-site"),
    path("floor/", include("lotline.web.urls_floor")),
    path("desk/", include("lotline.web.urls_desk")),
    path("recall/", include("lotline.web.urls_recall")),
    path("labels/", include("lotline.web.urls_labels")),
    path("plan/", include("lotline.web.urls_plan")),
    path("data/", include("lotline.web.urls_data")),
]
