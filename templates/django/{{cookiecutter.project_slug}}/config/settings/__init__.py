"""Settings per environment: base holds what they share; local, test and production adjust it."""
