"""Entity extractors: rules for closed vocabularies, fuzzy matching for names, a tagger for the rest."""
