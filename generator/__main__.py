"""``python -m vanban``: the command line (``py -m vanban`` on Windows); ``run`` is also the
``vanban`` script's entry point."""

import sys


def run() -> int:
    """The command line, with Ctrl+C while it starts (before ``cli.main`` takes over) answered as
    ``cli.main`` answers it: one line, exit 130."""
    try:
        from .cli import main
    except KeyboardInterrupt:  # nothing was written yet
        print("Đã dừng theo yêu cầu (Ctrl+C); chưa ghi tệp nào.", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
