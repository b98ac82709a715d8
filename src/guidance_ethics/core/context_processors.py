from guidance_ethics.accounts.queries import memberships_of


def platform(request):
    """The navigation: the organisations of the person who is logged in (lazy, one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_memberships": ()}
    return {"nav_memberships": memberships_of(user)}
