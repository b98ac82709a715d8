"""The roles a person can have in an organisation, from least to most."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("member")
    MODERATOR = "moderator", _("moderator")
    COORDINATOR = "coordinator", _("coordinator")
    ADMIN = "admin", _("administrator")

    @property
    def rank(self) -> int:
        return ROLE_ORDER.index(self)

    def includes(self, other: "Role") -> bool:
        """An admin may do what a coordinator may, a coordinator what a moderator may, …"""
        return self.rank >= Role(other).rank


ROLE_ORDER = [Role.MEMBER, Role.MODERATOR, Role.COORDINATOR, Role.ADMIN]
