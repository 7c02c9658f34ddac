-- The periods srv_jaar holds (calendar years, the last one clipped to the data end): read
-- once at start-up, so the yearly queries are only used for periods it has.
SELECT DISTINCT p_start, p_end
FROM srv_jaar
ORDER BY p_start
