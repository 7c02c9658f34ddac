-- Kosten (declaraties): sum of bedrag_eur over the months of the period, next to the jeugdigen
-- in zorg of the same selection (for gemiddelde kosten per cliënt = kosten / jeugdigen, and for
-- the small-number rule). Grain: one row per (period, gemeente) plus one per period for the
-- selection (gemeente NULL). Filters as in jeugdigen.sql; the verwijzer of a declaration is the
-- verwijzer of its trajectory. Costs come from srv_kosten_maand, the declarations summed per
-- month (bot/marts/serving.py), youths from srv_traject.
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
),
products AS (
    SELECT productcode, segment_nr, subsegment, is_verblijf
    FROM dim_product
    WHERE (CAST($segment AS INTEGER) IS NULL OR segment_nr = CAST($segment AS INTEGER))
      AND (CAST($subsegment AS VARCHAR) IS NULL OR subsegment = CAST($subsegment AS VARCHAR))
      AND (CAST($productcode AS VARCHAR) IS NULL OR productcode = CAST($productcode AS VARCHAR))
      AND (NOT CAST($verblijf AS BOOLEAN) OR (segment_nr = 1 AND is_verblijf) OR segment_nr = 2)
),
trajects AS (
    SELECT t.traject_id, t.client_nr, t.gemeente_code, t.startdatum, t.einddatum, t.eind
    FROM srv_traject AS t
    JOIN products AS p ON p.productcode = t.productcode
    WHERE list_contains($gemeenten, t.gemeente_code)
      AND (CAST($verwijzer AS VARCHAR) IS NULL OR t.verwijzer = CAST($verwijzer AS VARCHAR))
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
    SELECT pr.p_start, t.gemeente_code, count(DISTINCT t.client_nr) AS jeugdigen
    FROM periods AS pr
    JOIN trajects AS t
        ON t.startdatum <= pr.p_end AND t.eind >= pr.p_start
    GROUP BY GROUPING SETS ((pr.p_start, t.gemeente_code), (pr.p_start))
)
SELECT
    coalesce(c.p_start, k.p_start) AS p_start,
    coalesce(c.gemeente_code, k.gemeente_code) AS gemeente_code,
    k.kosten,
    coalesce(c.jeugdigen, 0) AS jeugdigen
FROM clients AS c
FULL OUTER JOIN costs AS k
    ON k.p_start = c.p_start AND k.gemeente_code IS NOT DISTINCT FROM c.gemeente_code
