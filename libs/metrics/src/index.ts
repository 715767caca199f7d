// @bcml/metrics: Compatibility metrics over label arrays: BTC, BEC, NFR, error overlap, per-class incompatibility. Filled by a later issue.
export {};
