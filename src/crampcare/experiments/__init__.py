"""N-of-1 self-experiments in the diary (issue 16): one person alternates an intervention (A) with its absence (B)
in randomised periods, and the diary answers whether it helps that person.

    config      the protocol's limits and texts (data/experiments/protocol.yaml)
    design      the seeded, reproducible schedule of periods and which arm a diary day is in
    eligibility which knowledge-base interventions this person may test, and on what basis
    analysis    period-level counts -> rate ratio, interval, Bayesian summary, verdict
    simulate    simulated diaries with a known effect, to check the analysis is calibrated
    models      the tables (in the diary's database); service: what the interfaces call
"""
