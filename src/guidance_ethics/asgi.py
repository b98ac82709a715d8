"""The ASGI application that uvicorn serves (``guidance-ethics serve``): Django's handler,
with live event streams served outside Django's per-request thread (``live/asgi.py``)."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidance_ethics.settings")
django.setup(set_prefix=False)

from guidance_ethics.live.asgi import Application  # noqa: E402  (needs the settings)

application = Application()

# The garbage collector's full passes walk every object the process holds, and with
# thousands of open streams a pass stalls the event loop for long enough to show in the
# live tail latency. What was loaded at start-up (Django, the URL patterns, templates)
# stays for the life of the process: leave it out of those passes, and collect the young
# generation less often (the measurements: docs/performance.md, "the garbage collector").
gc.freeze()
gc.set_threshold(50_000, 20, 100)
