#!/usr/bin/env node
// The `bcml` command. The workspace runs from TypeScript source: register tsx's loader in this process (so signals
// such as SIGTERM reach the command itself), then run the entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
