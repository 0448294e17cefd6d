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
