"""The one exception type that carries a message meant for a person, not a traceback.

The CLI turns it into a one-line message and exit code 2; the app shows it as an error box. Anything
else that escapes is a bug.
"""


class S2SError(Exception):
    """ a problem with the user's input (file, checkpoint, setting) that we can explain in one line """
