return {
  name = "riverside", version = "0.1.0",
  summary = "A small example organization pack: two front-end policies, two KPIs, a proficiency threshold and denial attribution.",
  params = { denial_target = { default = 0.1, help = "Highest acceptable share of claims with a denial on the first remit" } },
  set = { rework_cost_per_claim = 25 },
}
