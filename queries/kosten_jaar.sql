-- Kosten (declaraties) per calendar period with the jeugdigen in zorg, read from srv_jaar
-- (both made once when the serving copy is built, bot/marts/serving.py): the same figures as
-- kosten.sql, for the cases jeugdigen_jaar.sql covers (calendar periods of that table, at most
-- one of segment, productcode or verwijzer, one gemeente or all monitor gemeenten with
-- $regio = true). The caller (bot/intents/measures.py) checks this before using it.
-- Grain: one row per (period, gemeente) plus, when $regio, one per period with gemeente NULL.
WITH periods AS (
    SELECT unnest($starts) AS p_start, unnest($ends) AS p_end
)
SELECT c.p_start, c.gemeente_code, c.kosten, c.jeugdigen
FROM periods AS pr
JOIN srv_jaar AS c ON c.p_start = pr.p_start AND c.p_end = pr.p_end
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
