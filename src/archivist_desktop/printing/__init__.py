"""Label layout and rendering to a printer or PDF; PDF export of volumes (QtGui, no widgets)."""
