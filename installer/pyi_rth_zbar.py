"""PyInstaller runtime hook: make pyzbar load the zbar library shipped inside the bundle.

On Linux and macOS pyzbar asks ``ctypes.util.find_library("zbar")``, which only searches the
system.  The spec copies the build machine's ``libzbar`` into the bundle's top directory; this
hook (it runs before the program's own code) answers the question with that copy, so the
installed program does not depend on a system zbar.  On Windows pyzbar loads the DLLs from its
own package directory, which the spec collects.
"""

import ctypes.util
import os
import sys

_find_library = ctypes.util.find_library
_BUNDLE = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
_NAMES = ("libzbar.so.0", "libzbar.so", "libzbar.0.dylib", "libzbar.dylib")


def _find_bundled_library(name):
    if name == "zbar":
        for candidate in _NAMES:
            path = os.path.join(_BUNDLE, candidate)
            if os.path.exists(path):
                return path
    return _find_library(name)


ctypes.util.find_library = _find_bundled_library
