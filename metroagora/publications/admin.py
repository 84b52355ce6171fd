"""Admin of the publications app: one module per area."""

from metroagora.publications import (
    videos_admin,  # noqa: F401
    website_admin,  # noqa: F401
)
