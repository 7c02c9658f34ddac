"""Loading, searching and answering from the curated knowledge base in knowledge/."""
