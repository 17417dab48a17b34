"""Pages of words -> candidate values -> chosen, normalised, located and scored values."""
