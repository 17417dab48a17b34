"""The learned ranker: candidates, their features, the trained model and the ranking stage."""
