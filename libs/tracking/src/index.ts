// @bcml/tracking: Typed MLflow REST client: runs, metrics, artifacts, model registry. Filled by a later issue.
export {};
