"""Numbers for the start pages. Each figure is one aggregate query (reports.selectors)."""
