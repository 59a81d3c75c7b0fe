"""The site's pages: the home page and what every page shares (navigation, title, favicon).

A feature adds itself to the navigation and to the home page with `add_link` in its `init_app`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask, current_app, render_template

bp = Blueprint("pages", __name__)


def always() -> bool:
    return True


@dataclass(frozen=True)
class Link:
    """A page a feature adds to the navigation and describes on the home page."""

    label: str
    endpoint: str
    description: str
    # Shown only while this is true, e.g. to admins only.
    visible: Callable[[], bool] = always


def init_app(app: Flask) -> None:
    app.extensions["links"] = []
    app.register_blueprint(bp)
    app.context_processor(lambda: {"links": visible_links})


def add_link(app: Flask, link: Link) -> None:
    """List `link` in the navigation and on the home page, after the links added before it."""
    app.extensions["links"].append(link)


def visible_links() -> list[Link]:
    """The links this request may see."""
    return [link for link in current_app.extensions["links"] if link.visible()]


@bp.get("/")
def index() -> str:
    """The home page: what the project is and where to go."""
    return render_template("index.html")
