"""Skills framework, question bank and attempts arrive with the assessment engine issue."""
