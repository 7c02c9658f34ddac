"""The checker passes the demo and names precisely what is wrong in a broken copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from bot.marts.check import Violation, check_marts
from bot.marts.contract import TABLES


def broken_copy(demo: Path, tmp_path: Path, *statements: str) -> Path:
    target = tmp_path / "broken.duckdb"
    shutil.copy(demo, target)
    con = duckdb.connect(str(target))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()
    return target


def messages(violations: list[Violation]) -> list[str]:
    return [str(v) for v in violations]


def test_demo_passes(demo_marts: Path) -> None:
    assert check_marts(demo_marts) == []


def test_missing_column(demo_marts: Path, tmp_path: Path) -> None:
    path = broken_copy(demo_marts, tmp_path, "ALTER TABLE fact_inwoners DROP COLUMN inwoners")
    assert messages(check_marts(path)) == ["fact_inwoners.inwoners: kolom ontbreekt"]


def test_productcode_not_in_dim_product(demo_marts: Path, tmp_path: Path) -> None:
    path = broken_copy(
        demo_marts,
        tmp_path,
        # Three declaration rows of one trajectory get an unknown code.
        "UPDATE fact_declaratie SET productcode = '99X99' WHERE (maand, traject_id) IN "
        "(SELECT (maand, traject_id) FROM fact_declaratie WHERE traject_id = "
        "(SELECT min(traject_id) FROM fact_declaratie GROUP BY traject_id "
        "HAVING count(*) >= 3 ORDER BY 1 LIMIT 1) ORDER BY maand LIMIT 3)",
    )
    found = messages(check_marts(path))
    assert (
        "fact_declaratie.productcode: 3 rijen met code die niet in dim_product staat "
        "(bijv. 99X99)" in found
    )
    # The declarations now also disagree with their trajectory: reported, not hidden.
    assert any(m.startswith("fact_declaratie: 3 rijen: gemeente, product") for m in found)


def test_duplicate_key(demo_marts: Path, tmp_path: Path) -> None:
    path = broken_copy(
        demo_marts,
        tmp_path,
        "INSERT INTO dim_product SELECT * FROM dim_product WHERE productcode = '43A09'",
    )
    assert messages(check_marts(path)) == [
        "dim_product.productcode: 1 dubbele waarde van de sleutel (bijv. 43A09)"
    ]


def test_duplicate_composite_key(demo_marts: Path, tmp_path: Path) -> None:
    path = broken_copy(
        demo_marts,
        tmp_path,
        "INSERT INTO fact_inwoners SELECT * FROM fact_inwoners "
        "WHERE jaar = 2023 AND gemeente_code = 'GM0794'",
    )
    assert messages(check_marts(path)) == [
        "fact_inwoners.jaar, gemeente_code: 1 dubbele waarde van de sleutel (jaar, gemeente_code) "
        "(bijv. 2023 / GM0794)"
    ]


def test_missing_table_and_wrong_type(demo_marts: Path, tmp_path: Path) -> None:
    path = broken_copy(
        demo_marts,
        tmp_path,
        "DROP TABLE fact_kengetal",
        "ALTER TABLE dim_gemeente ALTER in_monitor TYPE VARCHAR",
    )
    found = messages(check_marts(path))
    assert "fact_kengetal: tabel ontbreekt" in found
    assert "dim_gemeente.in_monitor: type VARCHAR, verwacht BOOLEAN" in found


def test_values_nulls_meta_and_prerequisites(demo_marts: Path, tmp_path: Path) -> None:
    path = broken_copy(
        demo_marts,
        tmp_path,
        "UPDATE fact_traject SET verwijzer = 'buurman' WHERE traject_id = 1",
        "UPDATE fact_traject SET einddatum = startdatum - 1 WHERE traject_id = 2",
        "ALTER TABLE dim_aanbieder ALTER aanbieder_naam DROP NOT NULL",
        "UPDATE dim_aanbieder SET aanbieder_naam = NULL WHERE aanbieder_code = "
        "(SELECT min(aanbieder_code) FROM dim_aanbieder)",
        "DELETE FROM meta_mart WHERE key = 'peildatum'",
        "UPDATE fact_declaratie SET maand = maand + 1 WHERE traject_id = 3",
    )
    found = messages(check_marts(path))
    assert any(
        m.startswith("fact_traject.verwijzer: 1 rij met een waarde buiten gemeente, huisarts")
        and m.endswith("(bijv. buurman)")
        for m in found
    )
    assert "fact_traject: 1 rij: einddatum vóór startdatum (bijv. 2)" in found
    assert "dim_aanbieder.aanbieder_naam: 1 rij zonder waarde" in found
    assert "meta_mart.key: sleutel 'peildatum' ontbreekt" in found
    assert any(m.startswith("fact_declaratie: ") and "eerste dag van de maand" in m for m in found)


def test_parquet_folder(demo_marts: Path, tmp_path: Path) -> None:
    folder = tmp_path / "parquet"
    # A private copy: exporting needs file access the hardened shared connection refuses.
    copy = tmp_path / "src.duckdb"
    shutil.copyfile(demo_marts, copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        con.execute(f"EXPORT DATABASE '{folder}' (FORMAT parquet)")
    finally:
        con.close()
    assert {p.stem for p in folder.glob("*.parquet")} == set(TABLES)
    assert check_marts(folder) == []
    (folder / "dim_segment.parquet").unlink()
    found = messages(check_marts(folder))
    assert "dim_segment: tabel ontbreekt" in found


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        check_marts(tmp_path / "nergens.duckdb")
