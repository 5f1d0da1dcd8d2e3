"""One page per stage of the method."""
