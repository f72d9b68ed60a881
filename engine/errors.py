"""The errors Palais reports to its users, each with a category and an exit code."""


class EngineError(Exception):
    """Base of every error a user can cause; ``cli`` prints it and exits."""

    category = "error"
    exit_code = 1


class InputError(EngineError):
    """The YAML cannot be read: syntax, encoding, a missing file."""

    category = "input"
    exit_code = 2


class UsageError(EngineError):
    """The command line asks for something that does not exist."""

    category = "usage"
    exit_code = 2


class UnknownFormatError(UsageError):
    category = "format"


class ValidationError(EngineError):
    """The meeting data breaks its schema; ``problems`` holds every message."""

    category = "validation"
    exit_code = 2

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class TemplateError(EngineError):
    """A template is broken: syntax, an undefined name, bad markup."""

    category = "template"
    exit_code = 3


class TemplateNotFound(TemplateError):
    pass


class MarkupError(TemplateError):
    """The markup a template produced is wrong at ``line`` of that markup.

    ``compose`` turns it into a TemplateError naming the template line that wrote it.
    """

    def __init__(self, line: int, message: str):
        self.line, self.detail = line, message
        super().__init__(f"document markup line {line}: {message}")


class StyleError(EngineError):
    """A style sheet, report manifest or labels file is broken.

    Given a list, ``problems`` holds every message, each at its file:line:col.
    """

    category = "style"
    exit_code = 3

    def __init__(self, message):
        self.problems = list(message) if isinstance(message, (list, tuple)) else [message]
        super().__init__("\n".join(self.problems))


class RenderError(EngineError):
    """A writer could not lay out the document."""

    category = "render"
    exit_code = 3


class MissingGlyphError(RenderError):
    """No font has a character of the text; ``char`` is the character."""

    def __init__(self, message: str, char: str):
        super().__init__(message)
        self.char = char
