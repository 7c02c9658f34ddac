-- Inwoners (alle leeftijden) per year, from fact_inwoners.inwoners: the population, not the youths in care.
-- Grain: one row per (jaar, gemeente) plus one per jaar for the selection (gemeente NULL);
-- `gemeenten` counts the gemeenten with a row, so a total over a selection is only given
-- when every gemeente has that year.
SELECT
    i.jaar,
    i.gemeente_code,
    sum(i.inwoners) AS waarde,
    count(*) AS gemeenten
FROM fact_inwoners AS i
WHERE list_contains($gemeenten, i.gemeente_code)
  AND list_contains($jaren, i.jaar)
GROUP BY GROUPING SETS ((i.jaar, i.gemeente_code), (i.jaar))
