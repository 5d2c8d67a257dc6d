"""What the command-line programs share: one-line errors, pauses, saving and showing figures."""

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

from ..checks import USER_ERRORS, CommandError
from ..inside.load import LoadError


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def converter(parse, ok, expected):
    """An argparse type: ``parse`` the text, then require ``ok(value)``; else say what was expected."""

    def convert(text):
        try:
            value = parse(text)
        except ValueError:
            value = None
        if value is None or not ok(value):
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return convert


positive_int = converter(int, lambda v: v >= 1, "a positive whole number")
non_negative_int = converter(int, lambda v: v >= 0, "a whole number >= 0")
non_negative_float = converter(float, lambda v: 0 <= v < float("inf"), "a finite number >= 0")
positive_float = converter(float, lambda v: 0 < v < float("inf"), "a finite number > 0")
fraction = converter(float, lambda v: 0 < v < 1, "a fraction between 0 and 1")


def add_out_option(parser, what="the PNG figures"):
    """``--out DIR``, where every command saves its figures."""
    parser.add_argument("--out", type=Path, default=Path("ex4-figures"), metavar="DIR",
                        help=f"folder for {what} (default ./ex4-figures)")


def check_writable(folder):
    """Make ``folder`` and write a file in it, before any long work; else one clear OSError.

    Finding out after minutes of training that the figures cannot be saved would
    waste the run.
    """
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".ex4-write-test-"):
            pass
    except OSError as exc:
        raise CommandError(f"--out: cannot write into {folder}: {exc.strerror or exc}") from None


def method(text):
    from ..train import check_method

    try:
        return check_method(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("method: ")) from None


def has_display():
    """Whether a window could be opened: macOS, Windows, or an X11/Wayland display."""
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_reporting_errors(prog, job, options=None):
    """Run ``job()``; a user's error becomes one line on stderr and exit status 2.

    ``options`` maps the library's argument names to the command's options
    (``{"lambda_": "--lambda"}``), so that an error that names ``lambda_:`` says
    ``--lambda:`` to someone who typed ``--lambda``.
    """
    try:
        return job()
    except (*USER_ERRORS, LoadError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is None:
            raise  # not the system's refusal (a full disk, a path denied): a bug of ex4's own keeps its traceback
        message = " ".join(str(exc).split("\n"))
        for name, option in (options or {}).items():
            if message.startswith(f"{name}:"):
                message = option + message[len(name):]
                break
        print(f"{prog}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130


class Session:
    """Pauses and figure windows for an interactive run, neither for any other.

    Without a terminal on standard input (a pipe, CI, pytest) nothing waits for
    Enter, and matplotlib draws with Agg, which needs no display.  Figures are
    saved as PNG either way.
    """

    def __init__(self, pause, show):
        import matplotlib

        if show:  # a display, but perhaps no GUI toolkit (no tkinter): then save only
            non_interactive = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}
            show = matplotlib.get_backend().lower() not in non_interactive
        if not show:
            matplotlib.use("Agg")
        self.pausing = pause
        self.showing = show

    @classmethod
    def for_this_run(cls, pause):
        """Pauses (if ``pause``) and windows only when standard input is a terminal."""
        interactive = sys.stdin is not None and sys.stdin.isatty()
        return cls(pause=interactive and pause, show=interactive and has_display())

    def pause(self):
        if self.pausing:
            input("Program paused. Press enter to continue.\n")

    def save(self, fig, path, dpi=100):
        """Save ``fig`` as ``path``, atomically: a full disk leaves an older file whole."""
        import matplotlib.pyplot as plt

        path = Path(path)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")  # same folder: rename is atomic
        try:
            fig.savefig(partial, dpi=dpi, format=path.suffix.lstrip(".") or "png")
            os.replace(partial, path)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        if self.showing:
            fig.show()
            plt.pause(0.05)
        else:
            plt.close(fig)
        return path

    def finish(self):
        if self.showing:
            import matplotlib.pyplot as plt

            print("Close the figure windows to finish.")
            plt.show()

