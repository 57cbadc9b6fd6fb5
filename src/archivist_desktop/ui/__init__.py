"""The Qt user interface: widgets, item models over service results, and the one operation runner."""
