return {
  name = "compare-analysis", version = "0.1.0",
  summary = "The standard analysis of tools/compare-bench: five policies, five KPIs, denial attribution and a registration threshold, also written in SQL (DuckDB) and polars.",
}
