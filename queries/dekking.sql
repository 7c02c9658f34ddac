-- Which periods the marts cover: first and last declaration month, first and last year with
-- zorgkosten Jeugdwet. Grain: one row. Read once at start-up to answer "no data for ..." precisely.
SELECT
    (SELECT min(maand) FROM srv_kosten_maand) AS eerste_maand,
    (SELECT max(maand) FROM srv_kosten_maand) AS laatste_maand,
    (SELECT min(jaar) FROM fact_zorgkosten_jaar) AS eerste_jaar,
    (SELECT max(jaar) FROM fact_zorgkosten_jaar) AS laatste_jaar
