-- Metadata of the mart set (peildatum, bron, versie), read once at start-up.
-- Grain: one row per key.
SELECT key, value FROM meta_mart
