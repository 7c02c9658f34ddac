"""The sub-regions of the reference data: complete, disjoint, and refused when they are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.entities import SUBREGIOS_FILE, load_subregions

# The 11 gemeenten of Een 10 voor de Jeugd (programme plan, table "Ontwikkeling zorgkosten").
MONITOR = {
    "GM0743", "GM0762", "GM1771", "GM1652", "GM0794", "GM1659",
    "GM0820", "GM0847", "GM0848", "GM0861", "GM0866",
}  # fmt: skip


def test_four_subregions_cover_the_eleven_gemeenten_once() -> None:
    subs = {s.naam: s for s in load_subregions(MONITOR)}
    assert set(subs) == {"Helmond", "Peelgemeenten", "Dommelvallei+", "Veldhoven"}
    assert subs["Peelgemeenten"].namen == ("Asten", "Deurne", "Gemert-Bakel", "Laarbeek", "Someren")
    assert set(subs["Dommelvallei+"].codes) == {"GM1771", "GM0820", "GM0848", "GM0866"}
    members = [c for s in subs.values() for c in s.codes]
    assert sorted(members) == sorted(MONITOR)


def test_the_demo_monitor_holds_every_member(demo_marts: Path) -> None:
    import duckdb

    with duckdb.connect(str(demo_marts), read_only=True) as con:
        codes = {r[0] for r in con.execute("SELECT gemeente_code FROM dim_gemeente").fetchall()}
    assert sum(len(s.codes) for s in load_subregions(codes)) == 11


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "subregios.csv"
    path.write_text("\n".join(["indeling,subregio,gemeente_code,gemeente_naam", *rows]) + "\n")
    return path


def test_a_member_outside_the_monitor_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, ["a,Peel,GM0743,Asten", "a,Peel,GM0344,Utrecht"])
    with pytest.raises(ValueError, match="geen monitorgemeente"):
        load_subregions(MONITOR, path)


def test_a_gemeente_in_two_subregions_of_one_division_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, ["a,Peel,GM0743,Asten", "a,Dommel,GM0743,Asten"])
    with pytest.raises(ValueError, match="zit in Peel en in Dommel"):
        load_subregions(MONITOR, path)
    # Another division may group the same gemeente differently.
    ok = _write(tmp_path, ["a,Peel,GM0743,Asten", "b,Oost,GM0743,Asten"])
    assert len(load_subregions(MONITOR, ok)) == 2


def test_the_shipped_file_is_the_one_loaded() -> None:
    assert SUBREGIOS_FILE.read_text(encoding="utf-8").count("Peelgemeenten") == 5
