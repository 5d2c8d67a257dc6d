"""What the command-line programs share: one-line errors, pauses, saving and showing figures."""

import argparse
import os
import sys

from .data import DataFileError


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def non_negative_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def non_negative_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}") from None
    if not (value >= 0 and value != float("inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}")
    return value


def method(text):
    from .train import check_method

    try:
        return check_method(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("method: ")) from None


def has_display():
    """Whether a window could be opened: macOS, Windows, or an X11/Wayland display."""
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_reporting_errors(prog, job):
    """Run ``job()``; a user's error becomes one line on stderr and exit status 2."""
    try:
        return job()
    except (DataFileError, ValueError, TypeError, OSError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
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
        self.pausing = pause
        self.showing = show
        import matplotlib

        if not show:
            matplotlib.use("Agg")

    def pause(self):
        if self.pausing:
            input("Program paused. Press enter to continue.\n")

    def save(self, fig, path, dpi=100):
        import matplotlib.pyplot as plt

        fig.savefig(path, dpi=dpi)
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


def positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}") from None
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number > 0, got {text!r}")
    return value
