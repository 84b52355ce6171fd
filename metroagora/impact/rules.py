"""Named permissions of the impact dashboard."""

import rules

from metroagora.accounts.rules import is_network_admin
from metroagora.network.rules import is_city_coordinator

# The figures are public; a city's coordinators (and network admins) also see the
# detail per event, debate, opinion map and participatory process of their city.
rules.add_perm("impact.view_dashboard", rules.always_allow)
rules.add_perm("impact.view_city_detail", is_network_admin | is_city_coordinator)
rules.add_perm("impact.refresh_figures", is_network_admin)
