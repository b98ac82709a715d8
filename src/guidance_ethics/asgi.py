"""The ASGI application that uvicorn serves (``guidance-ethics serve``): Django's handler,
with live event streams served outside Django's per-request thread (``live/asgi.py``)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidance_ethics.settings")
django.setup(set_prefix=False)

from guidance_ethics.live.asgi import Application  # noqa: E402  (needs the settings)

application = Application()
