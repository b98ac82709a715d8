"""The ASGI application that uvicorn serves (``guidance-ethics serve``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidance_ethics.settings")

application = get_asgi_application()
