return {
  name = "synthea",
  version = "1.0.0",
  summary = "Reads Synthea's CSV export (claims schema of 2024) into Upstream's canonical datasets.",
}
