-- Trajecten (care allocations) in the period: gestart (startdatum in the period), beeindigd
-- (einddatum in the period), lopend (overlapping the period), and gemiddelde trajectduur
-- (mean days from startdatum to einddatum of the trajectories ended in the period), with the
-- distinct youths behind the mean duration, for the small-number rule.
-- Grain: one row per (period, gemeente) plus one row per period for the selection (gemeente NULL).
-- Filters as in jeugdigen.sql.
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
),
selection AS (
    SELECT t.traject_id, t.client_nr, t.gemeente_code, t.startdatum, t.einddatum, t.eind
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
    count(*) FILTER (WHERE s.startdatum >= pr.p_start) AS gestart,
    count(*) FILTER (WHERE s.einddatum <= pr.p_end) AS beeindigd,
    count(*) AS lopend,
    avg(date_diff('day', s.startdatum, s.einddatum)) FILTER (WHERE s.einddatum <= pr.p_end) AS gem_duur,
    count(DISTINCT s.client_nr) FILTER (WHERE s.einddatum <= pr.p_end) AS jeugdigen_beeindigd
FROM periods AS pr
JOIN selection AS s
    ON s.startdatum <= pr.p_end AND s.eind >= pr.p_start
GROUP BY GROUPING SETS ((pr.p_start, s.gemeente_code), (pr.p_start))
