"""Settings from the environment, strictly.

Every setting is read through these helpers so that a typo or an ambiguous value stops the
process at start-up instead of silently meaning something else. A secret may be given as
``NAME_FILE``, the path of a file that holds it (Docker and Kubernetes secrets).
"""

import ipaddress
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_str(name: str, default: str | None = None) -> str | None:
    """The value of ``name``, or the contents of the file named by ``name_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name is not None and name in os.environ:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if file_name is not None:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {error}") from error
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """A boolean; anything but a clear yes or no is an error."""
    value = env_str(name)
    if value is None or value == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is ambiguous; use one of {sorted(TRUE_WORDS | FALSE_WORDS)}."
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    """A whole number, at least ``minimum`` where one is given."""
    value = env_str(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from error
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def check_addresses(name: str, items: list[str]) -> list[str]:
    """IP addresses or networks (``10.0.0.0/8``), or ``*`` alone; anything else is refused
    (uvicorn would otherwise take a typo as a literal that never matches)."""
    if items == ["*"]:
        return items
    for item in items:
        try:
            ipaddress.ip_network(item)  # an address is a network of one
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (such as 10.0.0.0/8), "
                "nor * alone."
            ) from None
    return items


PLACEHOLDER_SECRETS = frozenset(
    {"", "changeme", "change-me", "secret", "secret-key", "your-secret-key", "xxx", "todo"}
)
MIN_SECRET_LENGTH = 40


def check_secret_key(value: str | None) -> str:
    """Refuse a missing, short or placeholder secret key (used when DEBUG is off)."""
    if value is None:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off.")
    if value.strip().lower() in PLACEHOLDER_SECRETS or "insecure" in value.lower():
        raise ImproperlyConfigured("SECRET_KEY is a placeholder; generate a random one.")
    if len(value) < MIN_SECRET_LENGTH or len(set(value)) < 10:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters of random text."
        )
    return value
