// @bcml/datasets: Bundled public datasets and their loaders. Filled by a later issue.
export {};
