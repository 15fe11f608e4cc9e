"""insights: recurring themes and report-ready charts from French participatory workshops."""
