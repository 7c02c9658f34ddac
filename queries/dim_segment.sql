-- The purchasing segments. Grain: one row per segment_nr. Read once at start-up.
SELECT segment_nr, segment_naam, omschrijving FROM dim_segment ORDER BY segment_nr
