"""Pages: the site's server-rendered pages that belong to no other app."""
