// Venn geometry: lens areas match the common error counts, and no case throws (reference-study.md §9 item 19).
import { describe, expect, it } from 'vitest';

import { distanceForLens, lensArea, vennLayout } from '@bcml/reports';

import { seededRandom } from './fixtures/mnist-sweep.js';

function circleArea(r: number): number {
  return Math.PI * r * r;
}

describe('lensArea', () => {
  it('is 0 for disjoint circles and the smaller disc for nested ones', () => {
    expect(lensArea(10, 5, 15)).toBe(0);
    expect(lensArea(10, 5, 20)).toBe(0);
    expect(lensArea(10, 5, 5)).toBeCloseTo(circleArea(5), 12);
    expect(lensArea(10, 5, 0)).toBeCloseTo(circleArea(5), 12);
  });

  it('matches the textbook formula for equal circles', () => {
    // Two unit circles at distance 1: 2π/3 − √3/2.
    expect(lensArea(1, 1, 1)).toBeCloseTo((2 * Math.PI) / 3 - Math.sqrt(3) / 2, 12);
  });

  it('keeps its relative precision for a very thin lens', () => {
    // Equal circles r, gap h = 2r − d small: area ≈ (4/3)·√r·h^{3/2}.
    const r = 100;
    const h = 1e-6;
    const approx = (4 / 3) * Math.sqrt(r) * h ** 1.5;
    expect(lensArea(r, r, 2 * r - h) / approx).toBeCloseTo(1, 4);
  });
});

describe('vennLayout', () => {
  it('matches the overlap count within 1% across 1,000 random cases, and never throws', () => {
    const random = seededRandom(61);
    let worst = 0;
    for (let k = 0; k < 1000; k += 1) {
      const scale = 10 ** Math.floor(random() * 5); // counts up to 10^5
      const counts = {
        h1Only: Math.floor(random() * scale),
        common: 1 + Math.floor(random() * scale),
        h2Only: Math.floor(random() * scale),
      };
      const layout = vennLayout(counts);
      const { a, b } = layout;
      expect(a).not.toBeNull();
      expect(b).not.toBeNull();
      if (a === null || b === null) continue;
      // Circle areas ∝ error counts, lens ∝ common count, with one scale.
      const unit = layout.areaPerInstance;
      expect(circleArea(a.r) / ((counts.h1Only + counts.common) * unit)).toBeCloseTo(1, 9);
      expect(circleArea(b.r) / ((counts.common + counts.h2Only) * unit)).toBeCloseTo(1, 9);
      const lens = lensArea(a.r, b.r, Math.hypot(b.cx - a.cx, b.cy - a.cy));
      const error = Math.abs(lens / (counts.common * unit) - 1);
      worst = Math.max(worst, error);
      expect(error).toBeLessThan(0.01);
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('draws identical sets as one circle, all Common', () => {
    const layout = vennLayout({ h1Only: 0, common: 40, h2Only: 0 });
    expect(layout.case).toBe('identical');
    expect(layout.distance).toBe(0);
    expect(layout.regions.common.path).not.toBe('');
    expect(layout.regions.progress.path).toBe('');
    expect(layout.regions.regress.path).toBe('');
  });

  it('nests a subset inside, either way, with the lens equal to the inner disc', () => {
    for (const counts of [
      { h1Only: 30, common: 10, h2Only: 0 },
      { h1Only: 0, common: 10, h2Only: 30 },
    ]) {
      const layout = vennLayout(counts);
      const { a, b } = layout;
      if (a === null || b === null) throw new Error('missing circle');
      expect(layout.distance).toBeLessThanOrEqual(Math.abs(a.r - b.r));
      expect(lensArea(a.r, b.r, layout.distance) / (10 * layout.areaPerInstance)).toBeCloseTo(1, 9);
      expect(layout.regions.common.path).not.toBe('');
    }
    expect(vennLayout({ h1Only: 30, common: 10, h2Only: 0 }).case).toBe('h1-contains-h2');
    expect(vennLayout({ h1Only: 0, common: 10, h2Only: 30 }).case).toBe('h2-contains-h1');
    expect(vennLayout({ h1Only: 30, common: 10, h2Only: 0 }).regions.progress.fillRule).toBe('evenodd');
  });

  it('separates disjoint sets with a gap and no lens', () => {
    const layout = vennLayout({ h1Only: 20, common: 0, h2Only: 5 });
    const { a, b } = layout;
    if (a === null || b === null) throw new Error('missing circle');
    expect(layout.case).toBe('disjoint');
    expect(layout.distance).toBeGreaterThan(a.r + b.r);
    expect(layout.regions.common.path).toBe('');
  });

  it('handles no errors, one model without errors, and bad counts without throwing', () => {
    expect(vennLayout({ h1Only: 0, common: 0, h2Only: 0 }).case).toBe('empty');
    expect(vennLayout({ h1Only: 7, common: 0, h2Only: 0 }).case).toBe('only-h1');
    expect(vennLayout({ h1Only: 0, common: 0, h2Only: 7 }).case).toBe('only-h2');
    expect(vennLayout({ h1Only: Number.NaN, common: -3, h2Only: Infinity }).case).toBe('empty');
    expect(vennLayout({ h1Only: 1, common: 1e9, h2Only: 1 }).case).toBe('overlap');
  });

  it('keeps both circles inside the box', () => {
    const random = seededRandom(7);
    for (let k = 0; k < 200; k += 1) {
      const layout = vennLayout({
        h1Only: Math.floor(random() * 100),
        common: Math.floor(random() * 100),
        h2Only: Math.floor(random() * 100),
      });
      for (const c of [layout.a, layout.b]) {
        if (c === null) continue;
        expect(c.cx - c.r).toBeGreaterThanOrEqual(-1e-9);
        expect(c.cx + c.r).toBeLessThanOrEqual(470 + 1e-9);
        expect(c.cy - c.r).toBeGreaterThanOrEqual(-1e-9);
        expect(c.cy + c.r).toBeLessThanOrEqual(270 + 1e-9);
      }
    }
  });

  it('distanceForLens clamps out-of-range areas', () => {
    expect(distanceForLens(10, 5, 0)).toBe(15);
    expect(distanceForLens(10, 5, 1e9)).toBe(5);
    expect(distanceForLens(10, 5, Number.NaN)).toBe(15);
  });
});
