-- Jeugdigen in zorg per calendar year, read from srv_jeugdigen_jaar: the same count as
-- jeugdigen.sql, computed once when the serving copy is built (bot/marts/serving.py).
-- Only for spans that are rows of that table (calendar years, the last one clipped to the data
-- end), no filter or a segment filter, and a selection that is one gemeente or all monitor
-- gemeenten ($regio = true: the total row is the distinct count over all of them).
-- Grain: one row per (period, gemeente) plus, when $regio, one per period with gemeente NULL.
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
)
SELECT c.p_start, c.gemeente_code, c.jeugdigen
FROM periods AS pr
JOIN srv_jeugdigen_jaar AS c ON c.p_start = pr.p_start AND c.p_end = pr.p_end
WHERE (
        (c.alle_gemeenten AND CAST($regio AS BOOLEAN))
        OR (NOT c.alle_gemeenten AND list_contains($gemeenten, c.gemeente_code))
    )
  AND (
        (CAST($segment AS INTEGER) IS NULL AND c.alle_segmenten)
        OR (NOT c.alle_segmenten AND c.segment_nr = CAST($segment AS INTEGER))
    )
