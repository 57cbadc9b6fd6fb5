"""Entry script of the PyInstaller bundle: the ``archivist-desktop`` command (GUI by default)."""

import multiprocessing
import sys

from archivist_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
