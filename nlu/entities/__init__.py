"""Entity extractors: rules for closed vocabularies, fuzzy names, a tagger for the rest."""
