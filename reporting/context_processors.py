from welfare_portal.menu import menu_for, pages_for


def menu(request):
    """The menu this user may open (welfare_portal/roles.py decides): the numbered sections and the pages."""
    user = getattr(request, "user", None)
    return {"menu": menu_for(user), "menu_pages": pages_for(user)}
