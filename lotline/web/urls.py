"""The web app's URL map. Each area keeps its own url module: floor (operators), desk (supervisor lists and
lot pages), recall (the recall desk), labels."""

from importlib.util import find_spec

from django.contrib.auth import views as auth_views
from django.urls import include, path

from lotline.web.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
for prefix, module in [
    ("floor/", "lotline.web.urls_floor"),
    ("desk/", "lotline.web.urls_desk"),
    ("recall/", "lotline.web.urls_recall"),
    ("labels/", "lotline.web.urls_labels"),
    ("plan/", "lotline.web.urls_plan"),
]:
    if find_spec(module) is not None:
        urlpatterns.append(path(prefix, include(module)))
