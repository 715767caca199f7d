// @bcml/data: Arrow dataset convention, readers, batching, splits and converters. Filled by a later issue.
export {};
