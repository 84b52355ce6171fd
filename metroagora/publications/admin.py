"""Admin of the publications app: one module per area."""

from metroagora.publications import (
    newsletter_admin,  # noqa: F401
    publications_admin,  # noqa: F401
    videos_admin,  # noqa: F401
    website_admin,  # noqa: F401
)
