// @bcml/reports: The Observable Plot report bundle. Filled by a later issue.
export {};
