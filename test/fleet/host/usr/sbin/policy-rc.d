#!/bin/sh
# deckhand-fleet: package installs do not start services here; use `service NAME start`.
# There is no init system in a host (invoke-rc.d would block the start anyway,
# with a warning); `service` does not consult this file.
exit 101
