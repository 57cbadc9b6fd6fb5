"""Imaging: pure functions on NumPy arrays (BGR, (x, y) points, degrees CCW positive).

Page detection, one-resampling crop + deskew, quality metrics and verdict, a cheap
preview analysis and barcode reading.  Imports only the standard library, NumPy,
OpenCV, pyzbar and zxing-cpp (DESIGN §2).
"""

from .barcodes import Barcode, read_barcodes
from .io import DEFAULT_MAX_PIXELS, ImageError, as_bgr8, decode_image, encode_jpeg, load_image
from .page import PageDetection, detect_page, order_quad, quad_iou
from .pipeline import PageResult, process_frame
from .preview import PreviewAnalysis, analyse_preview
from .profiles import REASONS, Profile, available_profiles, load_profile, resources_dir
from .quality import QualityMetrics, measure_sharpness
from .skew import SkewEstimate, estimate_skew

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "REASONS",
    "Barcode",
    "ImageError",
    "PageDetection",
    "PageResult",
    "PreviewAnalysis",
    "Profile",
    "QualityMetrics",
    "SkewEstimate",
    "analyse_preview",
    "as_bgr8",
    "available_profiles",
    "decode_image",
    "detect_page",
    "encode_jpeg",
    "estimate_skew",
    "load_image",
    "load_profile",
    "measure_sharpness",
    "order_quad",
    "process_frame",
    "quad_iou",
    "read_barcodes",
    "resources_dir",
]
