{%- set c = cookiecutter -%}
"""Accounts: register, log in, log out and a profile page that needs a login."""

from __future__ import annotations
{%- if not c.use_wtf %}

import re
{%- endif %}

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .extensions import db
{%- if c.use_wtf %}
from .forms import LoginForm, RegisterForm
{%- endif %}
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")
{%- if not c.use_wtf %}

MIN_PASSWORD_LENGTH = 8
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
{%- endif %}


def safe_next_url(default: str) -> str:
    """The ?next= target when it is a path on this site, else `default` (no open redirects)."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response:
    """Create an account, then ask the new user to log in."""
{%- if c.use_wtf %}
    form = RegisterForm()
    if form.validate_on_submit():
        email = form.email.data
        if db.session.scalar(select(User).filter_by(email=email)):
            form.email.errors.append("An account with this email already exists.")
        else:
            user = User(email=email)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            flash("Your account was created; please log in.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)
{%- else %}
    errors: list[str] = []
    email = request.form.get("email", "").strip().lower()
    if request.method == "POST":
        password = request.form.get("password", "")
        if not EMAIL_PATTERN.fullmatch(email):
            errors.append("Enter a valid email address.")
        if len(password) < MIN_PASSWORD_LENGTH:
            errors.append(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
        if password != request.form.get("confirm", ""):
            errors.append("Passwords differ.")
        if not errors and db.session.scalar(select(User).filter_by(email=email)):
            errors.append("An account with this email already exists.")
        if not errors:
            user = User(email=email)
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
            flash("Your account was created; please log in.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", errors=errors, email=email)
{%- endif %}


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Log in with email and password, then go to ?next= or the profile."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.profile"))
{%- if c.use_wtf %}
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).filter_by(email=form.email.data))
        if user is not None and user.check_password(form.password.data):
            login_user(user)
            flash("You are logged in.", "success")
            return redirect(safe_next_url(url_for("auth.profile")))
        form.password.errors.append("Wrong email or password.")
    return render_template("auth/login.html", form=form)
{%- else %}
    errors: list[str] = []
    email = request.form.get("email", "").strip().lower()
    if request.method == "POST":
        user = db.session.scalar(select(User).filter_by(email=email))
        if user is not None and user.check_password(request.form.get("password", "")):
            login_user(user)
            flash("You are logged in.", "success")
            return redirect(safe_next_url(url_for("auth.profile")))
        errors.append("Wrong email or password.")
    return render_template("auth/login.html", errors=errors, email=email)
{%- endif %}


@bp.post("/logout")
def logout() -> Response:
    """Log out (a POST, so a link on another site cannot log the user out)."""
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))


@bp.get("/profile")
@login_required
def profile() -> str:
    """The logged-in user's own page."""
    return render_template("auth/profile.html", user=current_user)
