"""What a new password must be (NIST SP 800-63B, section 3.1.1.2): long enough, not a known one, no rules.

At least 8 characters (12 or more recommended), at most 256 (argon2 and the
check stay fast); no composition rules (no "one digit, one capital": they make
passwords harder to remember, not harder to guess). Refused: passwords on the
list of common and breached passwords zxcvbn ships (30,000 from real leaks),
and those as easy to guess (repeats, keyboard walks, the user name, the site's
name), judged by zxcvbn's estimate of the guesses needed.
"""

from __future__ import annotations

from crampcare.errors import InputError
from crampcare.i18n import N_, _

MIN_LENGTH = 8
RECOMMENDED_LENGTH = 12
MAX_LENGTH = 256
MIN_SCORE = 2  # zxcvbn: 0–1 fall to an online attack in hours; 2 needs about 10^8 guesses
CHECKED_PREFIX = 72  # zxcvbn refuses longer input (a ValueError: was a 500 for a 73+ character password) and its
# matching grows fast with length; the first 72 characters of a long password are judged, the rest only add to it
_VALID = N_(
    "at least %(least)s characters (%(recommended)s or more recommended) that are not a common or leaked "
    "password, e.g. a few unrelated words"
)


def valid_password() -> str:
    """What a password must be, in the reader's language."""
    return _(_VALID) % {"least": MIN_LENGTH, "recommended": RECOMMENDED_LENGTH}


def check_password(password: str, *, username: str = "") -> None:
    """InputError naming `password` when it is too short, too long, or too easy to guess."""
    if len(password) < MIN_LENGTH:
        raise InputError(
            _("too short (%(count)s characters)") % {"count": len(password)}, field="password", valid=valid_password()
        )
    if len(password) > MAX_LENGTH:
        raise InputError(
            _("too long (%(count)s characters)") % {"count": len(password)},
            field="password",
            valid=_("at most %(count)s") % {"count": MAX_LENGTH},
        )
    from zxcvbn import zxcvbn

    estimate = zxcvbn(
        password[:CHECKED_PREFIX],
        user_inputs=[username, "crampcare", "cramp", "cramps"],
        max_length=CHECKED_PREFIX,
    )
    if estimate["score"] < MIN_SCORE:
        warning = str(estimate["feedback"].get("warning") or "").rstrip(".")
        reason = f": {warning[:1].lower()}{warning[1:]}" if warning else ""
        raise InputError(
            _("too easy to guess%(reason)s") % {"reason": reason}, field="password", valid=valid_password()
        )
