-- Published figures quoted from the policy documents (fact_kengetal), with where they stand.
-- Grain: one row per published figure; the caller picks the subject asked about.
SELECT onderwerp, gebied, jaar, waarde, eenheid, bron_document, bron_locatie
FROM fact_kengetal
WHERE list_contains($gebieden, gebied)
ORDER BY onderwerp, gebied, jaar
