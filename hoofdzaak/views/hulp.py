"""Small helpers shared by the views of every app."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.forms import Form


def bewaar(form: Form, action: Callable[[], object]) -> bool:
    """Run `action` for a valid form; the action's validation errors land on the form's fields.

    Forms check what they can see; actions check against the locked, current database state
    (stale versions, uniqueness, dates of related records). Either way the user sees the message
    next to the field, with what it typed kept, and nothing is saved.
    """
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True
