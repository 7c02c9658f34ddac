-- Jeugdigen in zorg per calendar period, read from srv_jaar: the same count as jeugdigen.sql,
-- made once when the serving copy is built (bot/marts/serving.py). Only for spans that are
-- rows of that table (calendar years, half-years, quarters and months, the last clipped to the
-- data end), with at most one of the filters segment, productcode or verwijzer (parts of a
-- year: segment only), and a selection that is one gemeente or all monitor gemeenten
-- ($regio = true: the total row is the distinct count over all of them).
-- The caller (bot/intents/measures.py) checks this before using it. Rows with costs but no
-- youths are left out, as counting the trajectories gives no row for them.
-- Grain: one row per (period, gemeente) plus, when $regio, one per period with gemeente NULL.
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
)
SELECT c.p_start, c.gemeente_code, c.jeugdigen
FROM periods AS pr
JOIN srv_jaar AS c ON c.p_start = pr.p_start AND c.p_end = pr.p_end
WHERE c.jeugdigen > 0
  AND (
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
