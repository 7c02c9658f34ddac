-- Kosten (declaraties) per calendar year next to the jeugdigen in zorg read from
-- srv_jeugdigen_jaar: the same figures as kosten.sql, for the cases jeugdigen_jaar.sql covers
-- (calendar-year spans of that table, at most one of segment, productcode or verwijzer, one
-- gemeente or all monitor gemeenten with $regio = true). Costs are summed from srv_kosten_maand.
-- Grain: one row per (period, gemeente) plus one per period for the selection (gemeente NULL).
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
),
products AS (
    SELECT productcode
    FROM dim_product
    WHERE (CAST($segment AS INTEGER) IS NULL OR segment_nr = CAST($segment AS INTEGER))
      AND (CAST($productcode AS VARCHAR) IS NULL OR productcode = CAST($productcode AS VARCHAR))
),
costs AS (
    SELECT pr.p_start, k.gemeente_code, sum(k.bedrag_eur) AS kosten
    FROM periods AS pr
    JOIN srv_kosten_maand AS k ON k.maand >= pr.p_start AND k.maand <= pr.p_end
    JOIN products AS p ON p.productcode = k.productcode
    WHERE list_contains($gemeenten, k.gemeente_code)
      AND (CAST($verwijzer AS VARCHAR) IS NULL OR k.verwijzer = CAST($verwijzer AS VARCHAR))
    GROUP BY GROUPING SETS ((pr.p_start, k.gemeente_code), (pr.p_start))
),
clients AS (
    SELECT c.p_start, c.gemeente_code, c.jeugdigen
    FROM periods AS pr
    JOIN srv_jeugdigen_jaar AS c ON c.p_start = pr.p_start AND c.p_end = pr.p_end
    WHERE (
            (c.alle_gemeenten AND CAST($regio AS BOOLEAN))
            OR (NOT c.alle_gemeenten AND list_contains($gemeenten, c.gemeente_code))
        )
      AND c.alle_aanbieders
      AND c.alle_segmenten = (CAST($segment AS INTEGER) IS NULL)
      AND (c.alle_segmenten OR c.segment_nr = CAST($segment AS INTEGER))
      AND c.alle_producten = (CAST($productcode AS VARCHAR) IS NULL)
      AND (c.alle_producten OR c.productcode = CAST($productcode AS VARCHAR))
      AND c.alle_verwijzers = (CAST($verwijzer AS VARCHAR) IS NULL)
      AND (c.alle_verwijzers OR c.verwijzer = CAST($verwijzer AS VARCHAR))
)
SELECT
    coalesce(c.p_start, k.p_start) AS p_start,
    coalesce(c.gemeente_code, k.gemeente_code) AS gemeente_code,
    k.kosten,
    coalesce(c.jeugdigen, 0) AS jeugdigen
FROM clients AS c
FULL OUTER JOIN costs AS k
    ON k.p_start = c.p_start AND k.gemeente_code IS NOT DISTINCT FROM c.gemeente_code
