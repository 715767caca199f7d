// @bcml/cli: The bcml command. Filled by a later issue.
export {};
