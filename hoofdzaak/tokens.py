from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class UitnodigingTokenGenerator(PasswordResetTokenGenerator):
    """Set-password links for invited users.

    Like a password-reset token it stops working once the password is set (the hash value includes
    the password hash), but it stays valid for `INVITE_VALID_DAYS` rather than a few hours.
    """

    key_salt = "hoofdzaak.tokens.UitnodigingTokenGenerator"

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            ts = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - ts > settings.INVITE_VALID_DAYS * 24 * 3600:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


uitnodiging_tokens = UitnodigingTokenGenerator()
