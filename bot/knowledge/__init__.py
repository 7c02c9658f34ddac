"""Loading and searching the curated knowledge base (the content lives in the top-level knowledge/)."""
