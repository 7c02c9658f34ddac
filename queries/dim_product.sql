-- The region's product catalogue. Grain: one row per productcode. Read once at start-up.
SELECT productcode, product_naam, productcategorie, segment_nr, subsegment, is_verblijf
FROM dim_product
ORDER BY productcode
