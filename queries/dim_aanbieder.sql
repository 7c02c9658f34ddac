-- Provider names for breakdowns. Grain: one row per aanbieder_code. Read once at start-up.
SELECT aanbieder_code, aanbieder_naam FROM dim_aanbieder ORDER BY aanbieder_code
