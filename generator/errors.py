"""What can stop a build, and the exit status of each.

- ``BuildFailed`` carries every ``ContentError`` (a problem in a brief, a page, the settings or
  a template, located as ``path:line: message``): exit 1.
- Bad usage of the command line: exit 2 (argparse).
- ``EnvironmentProblem``: the machine, not the content: a full or read-only disk, a missing
  permission, a name too long for the file system, a port in use, an unusable cache or output
  folder. One line naming the path and the cause: exit 3.
- ``Interrupted``: Ctrl-C (SIGINT, exit 130) or SIGTERM (exit 143).
In every case the output folder holds exactly the old site or exactly the new one.
"""

from __future__ import annotations

import errno
import signal
from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_ENVIRONMENT = 3
EXIT_SIGINT = 128 + signal.SIGINT  # 130
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file: rendered as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # one line, whatever the file is called: a line break in a name is shown escaped
        path = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.path)
        return f"{path}:{self.line}: {self.message}"


class BuildFailed(Exception):
    """Raised with every problem found; the CLI prints them and exits 1."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors: tuple[ContentError, ...] = tuple(sorted(set(errors)))
        super().__init__(f"{len(self.errors)} problem(s)")


class EnvironmentProblem(Exception):
    """The machine stopped the build: ``path: cause``, exit 3."""

    def __init__(self, path: object, cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")


class Interrupted(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt is for SIGINT."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


_CAUSES = {
    errno.ENOSPC: "no space left on the device (disk full)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENAMETOOLONG: "file name too long for the file system",
    errno.EADDRINUSE: "address already in use",
    errno.ENOTDIR: "not a folder",
    errno.EISDIR: "is a folder",
    errno.EMFILE: "too many open files",
    errno.EIO: "input/output error",
}


def from_os_error(exc: OSError, path: object = None) -> EnvironmentProblem:
    """One line for an operating-system error: the path it names and a plain cause."""
    where = path if path is not None else exc.filename
    if where is None:
        where = "briefing"
    code = exc.errno if exc.errno is not None else -1
    cause = _CAUSES.get(code) or (exc.strerror or str(exc) or type(exc).__name__).lower()
    return EnvironmentProblem(where, cause)


def summary_line(count: int, command: str = "build") -> str:
    noun = "problem" if count == 1 else "problems"
    return f"{command} failed: {count} {noun} found, nothing was written"
