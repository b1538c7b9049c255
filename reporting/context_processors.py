from .menu import MENU


def menu(request):
    return {"menu": MENU}
