-- Zorgkosten Jeugdwet from the annual accounts (fact_zorgkosten_jaar.zorgkosten_eur): all
-- care-related Jeugdwet spending, so more than the declarations. Kostenontwikkeling (change
-- against the previous year, %) is computed from these rows by the caller.
-- Grain: one row per (jaar, gemeente) plus one per jaar for the selection (gemeente NULL).
SELECT
    z.jaar,
    z.gemeente_code,
    sum(z.zorgkosten_eur) AS zorgkosten_eur,
    count(*) AS gemeenten,
    max(z.bron) AS bron
FROM fact_zorgkosten_jaar AS z
WHERE list_contains($gemeenten, z.gemeente_code)
  AND list_contains($jaren, z.jaar)
GROUP BY GROUPING SETS ((z.jaar, z.gemeente_code), (z.jaar))
