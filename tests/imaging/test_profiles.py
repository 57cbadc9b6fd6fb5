import pytest

from archivist_desktop.imaging import REASONS, Profile, available_profiles, load_profile, resources_dir


def test_shipped_profiles_load():
    names = available_profiles()
    assert {"default", "small_text", "id_card"} <= set(names)
    d = load_profile("default")
    assert d.min_dpi == 200 and set(d.severity) == set(REASONS)
    assert load_profile("small_text").min_dpi == 300
    idc = load_profile("id_card")
    assert idc.page_format == "ID1" and idc.severity["glare"] == "reject"


def test_unknown_profile():
    with pytest.raises(ValueError, match="unknown profile"):
        load_profile("no-such-profile")


def test_env_override_and_bad_keys(tmp_path, monkeypatch):
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "strict.toml").write_text("[t]\nmin_dpi = 400.0\n")
    (tmp_path / "profiles" / "bad.toml").write_text("min_dpj = 1\n")
    (tmp_path / "profiles" / "badsev.toml").write_text("[severity]\nblurry = 'maybe'\n")
    monkeypatch.setenv("ARCHIVIST_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path
    assert load_profile("strict").min_dpi == 400.0
    with pytest.raises(ValueError, match="unknown setting"):
        load_profile("bad")
    with pytest.raises(ValueError, match="severity"):
        load_profile("badsev")


def test_profile_validation():
    with pytest.raises(ValueError):
        Profile(sharpness_warn=0.1, sharpness_reject=0.2)
    with pytest.raises(ValueError):
        Profile(analysis_long_side=100)
