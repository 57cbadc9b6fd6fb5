"""The Capture workspace's camera side: live view, capture pipeline, filmstrip, camera settings."""
