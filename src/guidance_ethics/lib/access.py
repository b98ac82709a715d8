"""TEMPORARY: the access helpers moved to ``guidance_ethics.accounts.access``.

Only ``workshops/actions.py``, ``library/views.py`` and ``followup/views.py`` still import
them from here; they are being split on another branch, and their imports are pointed at
the new place at the merge, when this module goes.
"""

from guidance_ethics.accounts.access import colleagues as colleagues
from guidance_ethics.accounts.access import get_for_member as get_for_member
from guidance_ethics.accounts.access import get_organisation as get_organisation
