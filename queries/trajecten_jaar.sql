-- Trajecten per calendar period, read from srv_trajecten_jaar: the same figures as
-- trajecten.sql (gestart, beeindigd, lopend, gemiddelde duur of the ended ones and the distinct
-- youths behind it), made once when the serving copy is built (bot/marts/serving.py). Only for
-- spans that are rows of that table, with at most one of the filters segment or verwijzer
-- (parts of a year: segment only), and a selection that is one gemeente or all monitor
-- gemeenten ($regio = true: the total row is over all of them). The caller
-- (bot/intents/measures.py) checks this before using it.
-- Grain: one row per (period, gemeente) plus, when $regio, one per period with gemeente NULL.
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
)
SELECT
    c.p_start, c.gemeente_code, c.gestart, c.beeindigd, c.lopend, c.gem_duur,
    c.jeugdigen_beeindigd
FROM periods AS pr
JOIN srv_trajecten_jaar AS c ON c.p_start = pr.p_start AND c.p_end = pr.p_end
WHERE (
        (c.alle_gemeenten AND CAST($regio AS BOOLEAN))
        OR (NOT c.alle_gemeenten AND list_contains($gemeenten, c.gemeente_code))
    )
  AND c.alle_segmenten = (CAST($segment AS INTEGER) IS NULL)
  AND (c.alle_segmenten OR c.segment_nr = CAST($segment AS INTEGER))
  AND c.alle_verwijzers = (CAST($verwijzer AS VARCHAR) IS NULL)
  AND (c.alle_verwijzers OR c.verwijzer = CAST($verwijzer AS VARCHAR))
