import sys

from archivist_desktop.cli import main

sys.exit(main())
