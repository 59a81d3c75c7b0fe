{%- set c = cookiecutter -%}
"""Accounts: register, log in, log out and a profile page that needs a log-in.

Log-in and sign-up attempts are throttled per client address and per account (Flask-Limiter, its
counts in Redis in production so that every worker process shares them). An unknown address costs
the same password-hashing work as a wrong password, so response times do not reveal accounts.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)
{%- if c.use_wtf %}
from flask_wtf import FlaskForm
{%- endif %}
from sqlalchemy import {% if c.use_admin %}Boolean, {% endif %}DateTime, String, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response
{%- if c.use_wtf %}
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length
{%- endif %}

from .models import db

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
EMAIL_MAX_LENGTH = 254
# Failed log-ins allowed per account, and per client address (an office shares one), and sign-ups.
LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
LOGIN_LIMIT_PER_ADDRESS = "50 per 15 minutes"
SIGNUP_LIMIT_PER_ADDRESS = "10 per hour"
TOO_MANY_ATTEMPTS = "Too many attempts. Wait a few minutes, then try again."
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bp = Blueprint("auth", __name__, url_prefix="/auth")
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"


def init_app(app: Flask) -> None:
    """Bind Flask-Login, add the pages, and throttle log-in and sign-up (see `throttle`)."""
    app.config.setdefault("PASSWORD_HASH_METHOD", "scrypt")
    # Made now, not at the first unknown address, so that every check costs one hash.
    app.extensions["dummy_password_hash"] = generate_password_hash(
        secrets.token_urlsafe(16), method=app.config["PASSWORD_HASH_METHOD"]
    )
    login_manager.init_app(app)
    app.register_blueprint(bp)
    throttle(app)


def utcnow() -> datetime:
    return datetime.now(UTC)


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """An account that logs in with its email address; only the password hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
{%- if c.use_admin %}
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
{%- endif %}
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login: the user stored in the session, if they still exist."""
    return db.session.get(User, int(user_id))


def normalize_email(value: str | None) -> str:
    """Compare addresses without surrounding spaces or case."""
    return (value or "").strip().lower()


def authenticate(email: str, password: str) -> User | None:
    """The user with this email and password, or None; the same hashing work either way."""
    user = db.session.scalar(select(User).filter_by(email=email))
    if user is None:
        # A random password's hash, made as real ones are: the same work as a wrong password.
        check_password_hash(current_app.extensions["dummy_password_hash"], password)
        return None
    return user if user.check_password(password) else None


def posted_account() -> str:
    """The throttle's key for the account a form names."""
    return "account:" + normalize_email(request.form.get("email"))


def login_failed(response: Response) -> bool:
    """Only failed log-ins count against the limits (a success redirects)."""
    return response.status_code != 302


def throttle(app: Flask) -> Limiter:
    """Limit this app's log-in and sign-up attempts, counted in Redis when REDIS_URL is set.

    If Redis fails, each process goes on counting in memory rather than refusing every log-in.
    """
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["REDIS_URL"] or "memory://",
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    views = app.view_functions

    def limit(endpoint: str, value: str, **options: Any) -> None:
        view: Callable[..., Any] = views[endpoint]
        rule = limiter.limit(value, methods=["POST"], error_message=TOO_MANY_ATTEMPTS, **options)
        views[endpoint] = rule(view)

    limit("auth.login", LOGIN_LIMIT_PER_ACCOUNT, key_func=posted_account, deduct_when=login_failed)
    limit("auth.login", LOGIN_LIMIT_PER_ADDRESS, deduct_when=login_failed)
    limit("auth.register", SIGNUP_LIMIT_PER_ADDRESS)
    app.extensions["throttle"] = limiter
    return limiter


def require_login_for_writes(app: Flask, blueprint: str) -> None:
    """For a JSON blueprint: reading stays open, writing needs a logged-in session.

    Without one the answer is 401 in JSON, not a redirect to the log-in page.
    """
    app.before_request_funcs.setdefault(blueprint, []).append(refuse_anonymous_writes)


def refuse_anonymous_writes() -> None:
    if request.method not in SAFE_METHODS and not current_user.is_authenticated:
        abort(401)


def safe_next_url(default: str) -> str:
    """The ?next= target when it is a path on this site, else `default` (no open redirects)."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
{%- if c.use_wtf %}


class RegisterForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[normalize_email],
        validators=[DataRequired(), Email(), Length(max=EMAIL_MAX_LENGTH)],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[normalize_email], validators=[DataRequired(), Email()])
    password = PasswordField("Password", validators=[DataRequired()])
{%- endif %}


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response:
    """Create an account, then ask the new user to log in."""
{%- if c.use_wtf %}
    form = RegisterForm()
    if form.validate_on_submit():
        email, password = form.email.data or "", form.password.data or ""
        if db.session.scalar(select(User).filter_by(email=email)) is None:
            return create_account(email, password)
        form.email.errors = [*form.email.errors, "An account with this email already exists."]
    return render_template("auth/register.html", form=form)
{%- else %}
    email = normalize_email(request.form.get("email"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        password = request.form.get("password", "")
        if "@" not in email or len(email) > EMAIL_MAX_LENGTH:
            errors["email"] = "Enter a valid email address."
        elif db.session.scalar(select(User).filter_by(email=email)) is not None:
            errors["email"] = "An account with this email already exists."
        if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
            errors["password"] = f"Use {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."
        elif password != request.form.get("confirm", ""):
            errors["confirm"] = "Passwords differ."
        if not errors:
            return create_account(email, password)
    return render_template("auth/register.html", errors=errors, email=email)
{%- endif %}


def create_account(email: str, password: str) -> Response:
    user = User(email=email)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    flash("Your account was created. Log in to start.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Log in with email and password, then go to ?next= or the profile."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.profile"))
{%- if c.use_wtf %}
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            return log_in(user)
        form.form_errors.append("Wrong email or password.")
    return render_template("auth/login.html", form=form)
{%- else %}
    email = normalize_email(request.form.get("email"))
    error = ""
    if request.method == "POST":
        user = authenticate(email, request.form.get("password", ""))
        if user is not None:
            return log_in(user)
        error = "Wrong email or password."
    return render_template("auth/login.html", error=error, email=email)
{%- endif %}


def log_in(user: User) -> Response:
    login_user(user)
    flash(f"You are logged in as {user.email}.", "success")
    return redirect(safe_next_url(url_for("auth.profile")))


@bp.post("/logout")
def logout() -> Response:
    """Log out (a POST, so a link on another site cannot log the user out)."""
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("pages.index"))


@bp.get("/profile")
@login_required
def profile() -> str:
    """The logged-in user's own page."""
    return render_template("auth/profile.html", user=current_user)
