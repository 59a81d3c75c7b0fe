"""framewise: choose Django or Flask with a short assessment, then generate the project."""

__version__ = "0.1.0"
