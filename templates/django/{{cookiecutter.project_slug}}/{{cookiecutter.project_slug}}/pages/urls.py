from django.urls import path

from .views import HomeView, favicon

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("favicon.ico", favicon, name="favicon"),
]
