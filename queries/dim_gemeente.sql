-- All municipalities with their region and whether the monitor holds their care data.
-- Grain: one row per municipality (CBS code). Read once at start-up.
SELECT gemeente_code, gemeente_naam, provincie, jeugdregio, inkoopregio, in_monitor
FROM dim_gemeente
ORDER BY gemeente_code
