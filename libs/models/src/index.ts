// @bcml/models: Model zoo and tfjs model save/load. Filled by a later issue.
export {};
