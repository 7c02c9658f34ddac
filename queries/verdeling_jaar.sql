-- Verdeling for one calendar year from the serving copy's yearly figures: per group the
-- jeugdigen in zorg and lopende trajecten (srv_jeugdigen_jaar) and the kosten (declaraties
-- summed per month, srv_kosten_aanbieder_maand). The same figures as verdeling_<dim>.sql, for
-- a span of that table, without filters, and one gemeente or all monitor gemeenten
-- ($regio = true); the caller (bot/intents/breakdown.py) checks this before using it.
-- $dim is the dimension as a number, never text: 1 segment, 2 product, 3 verwijzer,
-- 4 aanbieder. The group key comes back as text (a segment number as its digits).
-- Grain: one row per group.
WITH clients AS (
    SELECT
        CASE CAST($dim AS INTEGER)
            WHEN 1 THEN CAST(c.segment_nr AS VARCHAR)
            WHEN 2 THEN c.productcode
            WHEN 3 THEN c.verwijzer
            ELSE c.aanbieder_code
        END AS sleutel,
        c.jeugdigen,
        c.lopend AS trajecten
    FROM srv_jeugdigen_jaar AS c
    WHERE c.p_start = CAST($start AS DATE) AND c.p_end = CAST($end AS DATE)
      AND c.alle_gemeenten = CAST($regio AS BOOLEAN)
      AND (c.alle_gemeenten OR list_contains($gemeenten, c.gemeente_code))
      AND c.alle_segmenten = (CAST($dim AS INTEGER) <> 1)
      AND c.alle_producten = (CAST($dim AS INTEGER) <> 2)
      AND c.alle_verwijzers = (CAST($dim AS INTEGER) <> 3)
      AND c.alle_aanbieders = (CAST($dim AS INTEGER) <> 4)
),
costs AS (
    SELECT
        CASE CAST($dim AS INTEGER)
            WHEN 1 THEN CAST(p.segment_nr AS VARCHAR)
            WHEN 2 THEN k.productcode
            WHEN 3 THEN k.verwijzer
            ELSE k.aanbieder_code
        END AS sleutel,
        sum(k.bedrag_eur) AS kosten
    FROM srv_kosten_aanbieder_maand AS k
    JOIN dim_product AS p ON p.productcode = k.productcode
    WHERE list_contains($gemeenten, k.gemeente_code)
      AND k.maand >= CAST($start AS DATE) AND k.maand <= CAST($end AS DATE)
    GROUP BY 1
)
SELECT coalesce(c.sleutel, k.sleutel) AS sleutel, coalesce(c.jeugdigen, 0) AS jeugdigen,
       coalesce(c.trajecten, 0) AS trajecten, k.kosten
FROM clients AS c
FULL OUTER JOIN costs AS k ON k.sleutel = c.sleutel
ORDER BY sleutel
