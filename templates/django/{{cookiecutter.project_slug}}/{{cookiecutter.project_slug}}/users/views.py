"""The account pages: sign-up here, and Django's own log-in, log-out and password views, with
messages that say what happened and limits on attempts (see throttle.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.views.generic import CreateView

from .forms import SignupForm
from .models import User
from .signup import welcome
from .throttle import (
    RESET_PER_ADDRESS,
    RESET_REFUSED,
    SIGNUP_PER_ADDRESS,
    SIGNUP_REFUSED,
    ThrottledAuthenticationForm,
    client_address,
)


class SignupView(CreateView):
    form_class = SignupForm
    template_name = "users/signup.html"
    success_url = reverse_lazy("home")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = None
        if not SIGNUP_PER_ADDRESS.attempt(client_address(request)):
            form = self.get_form()
            form.add_error(None, SIGNUP_REFUSED)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: ModelForm[User]) -> HttpResponse:
        with transaction.atomic():
            user = form.save()
            login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
            welcome(user)  # sent once the user is committed, below
        self.object = user
        messages.success(self.request, f"Welcome, {user.get_username()}! Your account is ready.")
        return HttpResponseRedirect(self.get_success_url())


class LoginView(SuccessMessageMixin, auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    success_message = "You are logged in as %(username)s."


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are logged out.")
        return response


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")
    success_message = "Your password has been changed."


class PasswordResetView(auth_views.PasswordResetView):
    # Django's form logs an email that fails and shows the same page, account or not.
    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        if not RESET_PER_ADDRESS.attempt(client_address(self.request)):
            form.add_error(None, RESET_REFUSED)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetConfirmView(SuccessMessageMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("login")
    success_message = "Your new password is set: log in with it."
