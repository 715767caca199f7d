// The committed page script (src/client-script.generated.ts) must be the bundle of src/client as it is now.
import { describe, expect, it } from 'vitest';

import { CLIENT_SCRIPT } from '@bcml/reports';

import { refreshClientScript } from './support/client-script-build.js';

describe('the page script', () => {
  it('is up to date with src/client (a stale one is regenerated, and this test fails once)', async () => {
    const { fresh } = await refreshClientScript();
    expect(fresh, 'src/client-script.generated.ts was stale and has been regenerated: review it and run again').toBe(
      true,
    );
  });

  it('is an IIFE that cannot end an inline <script>', () => {
    expect(CLIENT_SCRIPT.startsWith('"use strict";(()=>{')).toBe(true);
    expect(CLIENT_SCRIPT).not.toMatch(/<\/script/i);
    expect(CLIENT_SCRIPT).not.toContain('<!--');
  });
});
