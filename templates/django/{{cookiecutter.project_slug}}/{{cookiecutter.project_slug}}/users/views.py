"""The signup page; the other account pages are Django's own auth views (see urls.py)."""

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.views.generic import CreateView

from .forms import SignupForm
from .signup import welcome


class SignupView(CreateView):
    form_class = SignupForm
    template_name = "users/signup.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: SignupForm) -> HttpResponse:
        # All or nothing: when the login or the welcome fails, the new user is not kept.
        with transaction.atomic():
            response = super().form_valid(form)
            login(self.request, self.object, backend="django.contrib.auth.backends.ModelBackend")
            welcome(self.object)
        return response
