"""``python -m vanban``: the command line (``py -m vanban`` on Windows)."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl+C while the program starts: nothing was written yet
    print("Đã dừng theo yêu cầu (Ctrl+C); chưa ghi tệp nào.", file=sys.stderr)
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main())
