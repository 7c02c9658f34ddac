-- The periods srv_jeugdigen_jaar holds (calendar years, the last one clipped to the data end):
-- read once at start-up, so jeugdigen_jaar.sql is only used for periods it has.
SELECT DISTINCT p_start, p_end
FROM srv_jeugdigen_jaar
ORDER BY p_start
