import json

import cv2
import numpy as np
import pytest

from archivist_desktop.cli import main

KEYS = {
    "path": str,
    "ok": bool,
    "error": (str, type(None)),
    "page_quad": (list, type(None)),
    "skew_deg": float,
    "sharpness": (float, type(None)),
    "dpi": (float, type(None)),
    "verdict": str,
    "reasons": list,
    "elapsed_ms": float,
    "output": (str, type(None)),
    "document_guess": (dict, type(None)),  # #18: null without OCR or a match
    "orientation": (int, type(None)),  # #16: turn corrected (0/90/180/270), null without OCR
}


def run(argv, capsys):
    """Run the real command line in this process: its exit status and its JSON lines."""
    rc = main(argv)
    out = capsys.readouterr().out
    return rc, [json.loads(line) for line in out.splitlines()]


@pytest.fixture()
def files(tmp_path, make):
    sc = make(seed=81, mat="dark", rotation=-3.5)
    good = tmp_path / "frame.jpg"
    cv2.imwrite(str(good), sc.image)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    trunc = tmp_path / "trunc.jpg"
    trunc.write_bytes(good.read_bytes()[:5000])
    return sc, good, empty, trunc


def test_process_json_contract(files, tmp_path, capsys):
    sc, good, empty, trunc = files
    out = tmp_path / "out"
    rc, lines = run(["process", "--json", "--out", str(out), str(good), str(empty), str(trunc)], capsys)
    assert rc == 1 and len(lines) == 3
    for line in lines:
        assert set(line) == set(KEYS)
        for k, t in KEYS.items():
            assert isinstance(line[k], t), k
    ok, bad1, bad2 = lines
    assert ok["ok"] and ok["error"] is None and ok["verdict"] in ("accept", "warn", "reject")
    assert abs(ok["skew_deg"] - sc.angle) < 0.2
    q = np.array(ok["page_quad"])
    assert q.shape == (4, 2) and np.abs(q - sc.quad).max() < 8  # clockwise from top-left, frame pixels
    page = cv2.imread(ok["output"])
    assert page is not None and page.shape[0] > page.shape[1]
    assert ok["orientation"] in (0, None)  # the scene's page is upright
    assert not bad1["ok"] and "empty" in bad1["error"] and bad1["output"] is None
    assert not bad2["ok"] and "truncated" in bad2["error"]


def test_process_exit_zero_and_profile(files, capsys):
    _sc, good, *_ = files
    rc, lines = run(["process", "--json", "--profile", "small_text", str(good)], capsys)
    assert rc == 0 and lines[0]["ok"]
    assert "low_dpi" in lines[0]["reasons"]  # 5 MP A4 is far below 300 dpi
    rc, _ = run(["process", "--json", "--profile", "nope", str(good)], capsys)
    assert rc == 2


def test_barcodes_command(datasets, capsys):
    img = datasets / "barcodes" / "pyzbar" / "images" / "code128.png"
    rc, lines = run(["barcodes", "--json", str(img)], capsys)
    assert rc == 0
    assert lines[0]["path"] == str(img)
    texts = sorted(c["text"] for c in lines[0]["codes"])
    assert texts == ["Foramenifera", "Rana temporaria"]
    assert all(len(c["quad"]) == 4 and c["format"] == "Code128" for c in lines[0]["codes"])
