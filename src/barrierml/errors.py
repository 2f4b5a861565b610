"""The one exception type for bad input: its message names the file, the place and the fix."""


class InputError(ValueError):
    """Bad input table, catalogue or config value; raised before any computation."""

    def __init__(self, source, where, problem, fix):
        self.source, self.where, self.problem, self.fix = str(source), where, problem, fix
        super().__init__(f"{source}: {where}: {problem}\n  Fix: {fix}")


class InputWarning(UserWarning):
    """Input that runs but may not mean what the user thinks (a likely leak, a double spelling)."""
