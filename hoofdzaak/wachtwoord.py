from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """Refuse absurdly long passwords: hashing them is a cheap denial of service."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("Dit wachtwoord is te lang: gebruik hoogstens %(max)d tekens.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Je wachtwoord mag hoogstens %(max)d tekens bevatten.") % {"max": self.max_length}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    # Django 5.2 changed this message's English text and its Dutch catalogue lags behind.
    def get_error_message(self) -> str:
        return _("Dit wachtwoord is te kort: gebruik minstens %(min)d tekens.") % {"min": self.min_length}

    def get_help_text(self) -> str:
        return _("Je wachtwoord moet minstens %(min)d tekens bevatten.") % {"min": self.min_length}


# Django's Dutch catalogue addresses the user as "Uw" (and leaves the similarity text in English); the portal
# says "je" everywhere.
class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Dit wachtwoord lijkt te veel op je %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Je wachtwoord mag niet te veel lijken op je andere gegevens.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self) -> str:
        return _("Je wachtwoord mag geen veelgebruikt wachtwoord zijn.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self) -> str:
        return _("Je wachtwoord mag niet alleen uit cijfers bestaan.")
