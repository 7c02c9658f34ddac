-- Population per year: inwoners and jeugdigen 0-17 (the denominator of "per 1.000 jeugdigen").
-- Grain: one row per (jaar, gemeente) plus one per jaar for the selection (gemeente NULL).
SELECT
    i.jaar,
    i.gemeente_code,
    sum(i.inwoners) AS inwoners,
    sum(i.jeugdigen_0_17) AS jeugdigen_0_17
FROM fact_inwoners AS i
WHERE list_contains($gemeenten, i.gemeente_code)
  AND list_contains($jaren, i.jaar)
GROUP BY GROUPING SETS ((i.jaar, i.gemeente_code), (i.jaar))
