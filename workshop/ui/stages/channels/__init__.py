"""The channels stage: the workshop's channels, criteria and weights, scoring, channel dots, choices, sensitivity."""
