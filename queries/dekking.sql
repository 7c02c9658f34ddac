-- Which periods the marts cover: first and last declaration month, first and last year with
-- zorgkosten Jeugdwet, and with population figures (fact_inwoners: its own years, often one
-- more than the annual accounts). Grain: one row. Read once at start-up to answer "no data for ..." precisely.
SELECT
    (SELECT min(maand) FROM srv_kosten_maand) AS eerste_maand,
    (SELECT max(maand) FROM srv_kosten_maand) AS laatste_maand,
    (SELECT min(jaar) FROM fact_zorgkosten_jaar) AS eerste_jaar,
    (SELECT max(jaar) FROM fact_zorgkosten_jaar) AS laatste_jaar,
    (SELECT min(jaar) FROM fact_inwoners) AS eerste_inwoners_jaar,
    (SELECT max(jaar) FROM fact_inwoners) AS laatste_inwoners_jaar
