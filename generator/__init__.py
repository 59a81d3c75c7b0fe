"""framewise: choose Django or Flask with a short assessment, then generate the project."""

# The version lives with the template rules, so that plain cookiecutter runs record it too.
from framewise_hooks import __version__

__all__ = ["__version__"]
