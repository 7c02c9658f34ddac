-- Number of aanbieders (providers) with a trajectory overlapping the period, and the distinct
-- youths they served. Grain: one row per (period, gemeente) plus one per period for the
-- selection (gemeente NULL, providers counted once). Filters as in jeugdigen.sql.
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
),
selection AS (
    SELECT t.client_nr, t.aanbieder_code, t.gemeente_code, t.startdatum, t.einddatum, t.eind
    FROM srv_traject AS t
    JOIN dim_product AS p ON p.productcode = t.productcode
    WHERE list_contains($gemeenten, t.gemeente_code)
      AND (CAST($segment AS INTEGER) IS NULL OR p.segment_nr = CAST($segment AS INTEGER))
      AND (CAST($subsegment AS VARCHAR) IS NULL OR p.subsegment = CAST($subsegment AS VARCHAR))
      AND (CAST($productcode AS VARCHAR) IS NULL OR t.productcode = CAST($productcode AS VARCHAR))
      AND (CAST($verwijzer AS VARCHAR) IS NULL OR t.verwijzer = CAST($verwijzer AS VARCHAR))
      AND (NOT CAST($verblijf AS BOOLEAN) OR (p.segment_nr = 1 AND p.is_verblijf) OR p.segment_nr = 2)
)
SELECT
    pr.p_start,
    s.gemeente_code,
    count(DISTINCT s.aanbieder_code) AS aanbieders,
    count(DISTINCT s.client_nr) AS jeugdigen
FROM periods AS pr
JOIN selection AS s
    ON s.startdatum <= pr.p_end AND s.eind >= pr.p_start
GROUP BY GROUPING SETS ((pr.p_start, s.gemeente_code), (pr.p_start))
