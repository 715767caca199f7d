import { describe, expect, it } from 'vitest';

import { kneePoint, type Objective, paretoFront } from '@bcml/metrics';

const objectives: Objective<'accuracy' | 'nfr'>[] = [
  { key: 'accuracy', direction: 'max' },
  { key: 'nfr', direction: 'min' },
];

// Worked by hand: D and F are dominated by C; E duplicates B, so both stay.
const points = [
  { name: 'A', accuracy: 0.9, nfr: 0.05 },
  { name: 'B', accuracy: 0.88, nfr: 0.02 },
  { name: 'C', accuracy: 0.85, nfr: 0.01 },
  { name: 'D', accuracy: 0.85, nfr: 0.03 }, // same accuracy as C, more flips: dominated
  { name: 'E', accuracy: 0.88, nfr: 0.02 }, // duplicate of B: equal points do not dominate each other
  { name: 'F', accuracy: 0.8, nfr: 0.01 }, // same NFR as C, less accurate: dominated
  { name: 'G', accuracy: 0.92, nfr: 0.08 },
  { name: 'H', accuracy: 0.7, nfr: 0 },
];
const names = (list: readonly { name: string }[]): string => list.map((p) => p.name).join('');

describe('paretoFront', () => {
  it('keeps the non-dominated points, best first by the first objective, duplicates in input order', () => {
    expect(names(paretoFront(points, objectives))).toBe('GABECH');
  });

  it('breaks ties on the first objective with the next one', () => {
    const tied = [
      { name: 'x', accuracy: 0.9, nfr: 0.02 },
      { name: 'y', accuracy: 0.9, nfr: 0.01 },
    ];
    // y dominates x (equal accuracy, fewer flips).
    expect(names(paretoFront(tied, objectives))).toBe('y');
    const swapped: Objective<'accuracy' | 'nfr'>[] = [
      objectives[1] as Objective<'nfr'>,
      objectives[0] as Objective<'accuracy'>,
    ];
    expect(names(paretoFront(points, swapped))).toBe('HCBEAG');
  });

  it('gives the same front whatever the input order (up to the order of duplicates)', () => {
    const reversed = points.slice().reverse();
    expect(names(paretoFront(reversed, objectives))).toBe('GAEBCH');
    expect(paretoFront(points, objectives)).not.toBe(points);
    expect(names(points)).toBe('ABCDEFGH'); // input untouched
  });

  it('handles empty, single and all-equal inputs', () => {
    expect(paretoFront([], objectives)).toEqual([]);
    expect(names(paretoFront([points[0] as (typeof points)[0]], objectives))).toBe('A');
    const same = ['p', 'q', 'r'].map((name) => ({ name, accuracy: 0.5, nfr: 0.5 }));
    expect(names(paretoFront(same, objectives))).toBe('pqr');
  });

  it('works with any number of objectives and directions', () => {
    const three = [
      { name: 'a', x: 1, y: 1, z: 1 },
      { name: 'b', x: 1, y: 1, z: 2 }, // dominates a when z is maximised, is dominated by a when minimised
      { name: 'c', x: 0, y: 3, z: 0 },
      { name: 'd', x: 2, y: 0, z: 0 },
    ];
    const up: Objective<'x' | 'y' | 'z'>[] = [
      { key: 'x', direction: 'max' },
      { key: 'y', direction: 'max' },
      { key: 'z', direction: 'max' },
    ];
    expect(names(paretoFront(three, up))).toBe('dbc');
    const zDown: Objective<'x' | 'y' | 'z'>[] = [
      up[0] as Objective<'x'>,
      up[1] as Objective<'y'>,
      { key: 'z', direction: 'min' },
    ];
    expect(names(paretoFront(three, zDown))).toBe('dac');
    expect(names(paretoFront(three, [{ key: 'x', direction: 'min' }]))).toBe('c');
  });
});

describe('kneePoint', () => {
  it('picks the point farthest beyond the line joining the normalised extremes', () => {
    // Front GABECH. Normalised (1 = best): accuracy over [0.70, 0.92], NFR over [0.08, 0] ->
    // G (1, 0), A (0.909, 0.375), B = E (0.818, 0.75), C (0.682, 0.875), H (0, 1).
    // u1 + u2: G 1, A 1.284, B 1.568, E 1.568, C 1.557, H 1 -> B (tied with E, which comes later).
    expect(kneePoint(paretoFront(points, objectives), objectives)?.name).toBe('B');
  });

  it('finds the corner of an L-shaped front', () => {
    const front = [
      { name: 'accurate', accuracy: 0.95, nfr: 0.1 },
      { name: 'corner', accuracy: 0.94, nfr: 0.02 },
      { name: 'compatible', accuracy: 0.8, nfr: 0.01 },
    ];
    // corner: (0.14/0.15, 0.08/0.09) = (0.933, 0.889), sum 1.82; the extremes sum to 1.
    expect(kneePoint(front, objectives)?.name).toBe('corner');
  });

  it('handles fronts of 0, 1 and 2 points', () => {
    expect(kneePoint([], objectives)).toBeNull();
    const one = { name: 'only', accuracy: 0.9, nfr: 0.1 };
    expect(kneePoint([one], objectives)).toBe(one);
    // Both points of a 2-point front are extremes on the line: the first (best accuracy) wins the tie.
    const two = paretoFront(
      [
        { name: 'compatible', accuracy: 0.8, nfr: 0.01 },
        { name: 'accurate', accuracy: 0.9, nfr: 0.1 },
      ],
      objectives,
    );
    expect(kneePoint(two, objectives)?.name).toBe('accurate');
  });

  it('handles duplicates and constant objectives', () => {
    const same = ['p', 'q'].map((name) => ({ name, accuracy: 0.5, nfr: 0.5 }));
    expect(kneePoint(same, objectives)?.name).toBe('p');
    const flatNfr = [
      { name: 'low', accuracy: 0.7, nfr: 0.05 },
      { name: 'high', accuracy: 0.9, nfr: 0.05 },
    ];
    expect(kneePoint(flatNfr, objectives)?.name).toBe('high');
  });

  it('generalises to k objectives as the largest sum of normalised objectives', () => {
    const up: Objective<'x' | 'y' | 'z'>[] = [
      { key: 'x', direction: 'max' },
      { key: 'y', direction: 'max' },
      { key: 'z', direction: 'max' },
    ];
    const front = [
      { name: 'x', x: 10, y: 0, z: 0 },
      { name: 'y', x: 0, y: 10, z: 0 },
      { name: 'z', x: 0, y: 0, z: 10 },
      { name: 'balanced', x: 6, y: 6, z: 6 },
    ];
    expect(kneePoint(front, up)?.name).toBe('balanced');
  });
});
