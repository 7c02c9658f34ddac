-- The periods srv_jaar holds (calendar years, half-years, quarters and months, the last of
-- each clipped to the data end and whole), and whether a period is split by every dimension
-- (years) or only by segment (parts of a year): read once at start-up, so the precomputed
-- queries are only used for periods and splits they have. Newest first: about 19 periods a
-- year fit the warehouse's row cap for 26 years; a longer history loses its oldest periods
-- here, and those are then counted from the trajectories, as any other span.
SELECT p_start, p_end, max(NOT alle_producten) AS alle_splitsingen
FROM srv_jaar
GROUP BY p_start, p_end
ORDER BY p_start DESC, p_end
