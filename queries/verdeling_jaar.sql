-- Verdeling for one calendar period from the serving copy's precomputed figures (srv_jaar,
-- made once when the copy is built, bot/marts/serving.py): per group the jeugdigen in zorg, the
-- lopende trajecten and the kosten. The same figures as verdeling_<dim>.sql, for a span of that
-- table split by the dimension (years by every one, parts of a year by segment only), without
-- filters, and one gemeente or all monitor gemeenten ($regio = true); the caller
-- (bot/intents/breakdown.py) checks this before using it.
-- $dim is the dimension as a number, never text: 1 segment, 2 product, 3 verwijzer,
-- 4 aanbieder. The group key comes back as text (a segment number as its digits).
-- Grain: one row per group.
SELECT
    CASE CAST($dim AS INTEGER)
        WHEN 1 THEN CAST(c.segment_nr AS VARCHAR)
        WHEN 2 THEN c.productcode
        WHEN 3 THEN c.verwijzer
        ELSE c.aanbieder_code
    END AS sleutel,
    c.jeugdigen,
    c.lopend AS trajecten,
    c.kosten
FROM srv_jaar AS c
WHERE c.p_start = CAST($start AS DATE) AND c.p_end = CAST($end AS DATE)
  AND c.alle_gemeenten = CAST($regio AS BOOLEAN)
  AND (c.alle_gemeenten OR list_contains($gemeenten, c.gemeente_code))
  AND c.alle_segmenten = (CAST($dim AS INTEGER) <> 1)
  AND c.alle_producten = (CAST($dim AS INTEGER) <> 2)
  AND c.alle_verwijzers = (CAST($dim AS INTEGER) <> 3)
  AND c.alle_aanbieders = (CAST($dim AS INTEGER) <> 4)
ORDER BY sleutel
