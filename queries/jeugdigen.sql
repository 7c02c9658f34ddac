-- Jeugdigen in zorg (contract: distinct client_id with a trajectory in the area that overlaps
-- the period: startdatum <= einde and (einddatum is null or einddatum >= begin)).
-- Grain: one row per (period, gemeente) and one row per period for the whole selection
-- (gemeente_code NULL), counted distinct over the selection so a youth counts once in a total.
-- Periods: parallel lists $starts/$ends. Filters, NULL = none: segment, subsegment, productcode,
-- verwijzer. $verblijf = true keeps S1 products with is_verblijf plus all of segment 2
-- (jeugdigen in verblijf/wonen; a youth in both counts once).
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
),
selection AS (
    SELECT t.client_nr, t.gemeente_code, t.startdatum, t.einddatum, t.eind
    FROM srv_traject AS t
    JOIN dim_product AS p ON p.productcode = t.productcode
    WHERE list_contains($gemeenten, t.gemeente_code)
      AND (CAST($segment AS INTEGER) IS NULL OR p.segment_nr = CAST($segment AS INTEGER))
      AND (CAST($subsegment AS VARCHAR) IS NULL OR p.subsegment = CAST($subsegment AS VARCHAR))
      AND (CAST($productcode AS VARCHAR) IS NULL OR t.productcode = CAST($productcode AS VARCHAR))
      AND (CAST($verwijzer AS VARCHAR) IS NULL OR t.verwijzer = CAST($verwijzer AS VARCHAR))
      AND (NOT CAST($verblijf AS BOOLEAN) OR (p.segment_nr = 1 AND p.is_verblijf) OR p.segment_nr = 2)
)
SELECT pr.p_start, s.gemeente_code, count(DISTINCT s.client_nr) AS jeugdigen
FROM periods AS pr
JOIN selection AS s
    ON s.startdatum <= pr.p_end AND s.eind >= pr.p_start
GROUP BY GROUPING SETS ((pr.p_start, s.gemeente_code), (pr.p_start))
