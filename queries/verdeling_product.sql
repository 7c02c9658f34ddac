-- Verdeling naar product for one period and a selection of gemeenten: per product (productcode) the jeugdigen in zorg
-- (distinct client_id with an overlapping trajectory), the lopende trajecten and the kosten
-- (declaraties over the months of the period), the gestarte trajecten (startdatum in the
-- period) and the gemiddelde trajectduur of those ended in it with their distinct youths, as
-- in trajecten.sql. A youth with trajectories in two groups counts
-- in both groups. Youths from srv_traject, costs from srv_kosten_maand (bot/marts/serving.py).
-- Grain: one row per product.
-- Filters, NULL = none: segment, subsegment; $verblijf as in jeugdigen.sql.
WITH products AS (
    SELECT productcode, segment_nr, subsegment, is_verblijf
    FROM dim_product
    WHERE (CAST($segment AS INTEGER) IS NULL OR segment_nr = CAST($segment AS INTEGER))
      AND (CAST($subsegment AS VARCHAR) IS NULL OR subsegment = CAST($subsegment AS VARCHAR))
      AND (NOT CAST($verblijf AS BOOLEAN) OR (segment_nr = 1 AND is_verblijf) OR segment_nr = 2)
),
trajects AS (
    SELECT t.*, p.segment_nr
    FROM srv_traject AS t
    JOIN products AS p ON p.productcode = t.productcode
    WHERE list_contains($gemeenten, t.gemeente_code)
),
clients AS (
    SELECT t.productcode AS sleutel, count(DISTINCT t.client_nr) AS jeugdigen, count(*) AS trajecten,
           count(*) FILTER (WHERE t.startdatum >= CAST($start AS DATE)) AS gestart,
           avg(date_diff('day', t.startdatum, t.einddatum))
               FILTER (WHERE t.einddatum <= CAST($end AS DATE)) AS gem_duur,
           count(DISTINCT t.client_nr)
               FILTER (WHERE t.einddatum <= CAST($end AS DATE)) AS jeugdigen_beeindigd
    FROM trajects AS t
    WHERE t.startdatum <= CAST($end AS DATE)
      AND t.eind >= CAST($start AS DATE)
    GROUP BY 1
),
costs AS (
    SELECT k.productcode AS sleutel, sum(k.bedrag_eur) AS kosten
    FROM srv_kosten_maand AS k
    JOIN products AS p ON p.productcode = k.productcode
    WHERE list_contains($gemeenten, k.gemeente_code)
      AND k.maand >= CAST($start AS DATE) AND k.maand <= CAST($end AS DATE)
    GROUP BY 1
)
SELECT coalesce(c.sleutel, k.sleutel) AS sleutel, coalesce(c.jeugdigen, 0) AS jeugdigen,
       coalesce(c.trajecten, 0) AS trajecten, k.kosten, coalesce(c.gestart, 0) AS gestart,
       c.gem_duur, coalesce(c.jeugdigen_beeindigd, 0) AS jeugdigen_beeindigd
FROM clients AS c
FULL OUTER JOIN costs AS k ON k.sleutel = c.sleutel
ORDER BY sleutel
