import secrets
import string

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.password_validation import validate_password

PASSWORD_ALPHABET = string.ascii_letters + string.digits


def random_password(length: int = 16) -> str:
    """A random password that passes every validator: letters and digits, never all digits."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


class UserManager(DjangoUserManager):
    # Migrations use Django's own manager: a migration imports nothing of the project's code.
    use_in_migrations = False

    def create_account(self, username, *, role, password=None, **scope):
        """Create an account of any role; returns (user, password).

        The password is random unless given, and must be changed at first login either way.
        """
        user = self.model(username=username, role=role, must_change_password=True, **scope)
        if password is None:
            password = random_password()
        validate_password(password, user)
        # Asked of the user rather than of Role, so that this module needs nothing from models.py (which imports it).
        user.is_staff = user.is_superuser = user.is_central
        user.full_clean(exclude=["password"])
        user.set_password(password)
        user.save(using=self._db)
        return user, password

    def reset_password(self, user):
        password = random_password()
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        return password
