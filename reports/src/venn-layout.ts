// Area-proportional two-set Venn geometry: circle areas ∝ |A|, |B| and lens area ∝ |A ∩ B|, for every case the
// reference could not draw (identical, nested, disjoint and empty sets; reference-study.md §9 item 19).

/** A region of the error Venn: Progress = h1's errors h2 fixed, Common = both, Regress = h2's new errors. */
export type VennRegion = 'progress' | 'common' | 'regress';

/** The regions in display order. */
export const VENN_REGIONS: readonly VennRegion[] = ['progress', 'common', 'regress'];

/** Instance counts of the three regions: A = h1's errors = h1Only + common, B = h2's errors = common + h2Only. */
export interface VennCounts {
  /** |A ∖ B|: errors of h1 only. */
  readonly h1Only: number;
  /** |A ∩ B|: errors of both. */
  readonly common: number;
  /** |B ∖ A|: errors of h2 only. */
  readonly h2Only: number;
}

/** A circle in pixels. */
export interface VennCircle {
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
}

/** How the two error sets relate, which decides the drawing. */
export type VennCase =
  'empty' | 'only-h1' | 'only-h2' | 'identical' | 'h1-contains-h2' | 'h2-contains-h1' | 'disjoint' | 'overlap';

/** A region's SVG path (`d`; empty when the region is empty), fill rule and label anchor (null when too thin). */
export interface VennRegionShape {
  readonly path: string;
  readonly fillRule: 'nonzero' | 'evenodd';
  readonly label: { readonly x: number; readonly y: number } | null;
}

/** The laid-out diagram: circle A (h1's errors, left), circle B (h2's errors, right), and the region shapes. */
export interface VennLayout {
  readonly case: VennCase;
  /** Circle of h1's errors; null when h1 makes none. */
  readonly a: VennCircle | null;
  /** Circle of h2's errors; null when h2 makes none. */
  readonly b: VennCircle | null;
  /** Distance between the centres (0 when a circle is missing). */
  readonly distance: number;
  /** Pixel area per instance (the areas are this times the counts). */
  readonly areaPerInstance: number;
  readonly regions: Readonly<Record<VennRegion, VennRegionShape>>;
}

/** Box and scale of a layout. */
export interface VennLayoutOptions {
  /** Box width in pixels (default 470). */
  readonly width?: number;
  /** Box height in pixels (default 270). */
  readonly height?: number;
  /** Radius of the larger circle in pixels (default 100). */
  readonly maxRadius?: number;
  /** Gap between disjoint circles in pixels (default 12). */
  readonly gap?: number;
}

/** A region label needs at least this many pixels of width. */
const MIN_LABEL_WIDTH = 16;

/** x − sin x without cancellation for small x. */
function xMinusSin(x: number): number {
  if (Math.abs(x) < 1e-2) {
    const x2 = x * x;
    return ((x * x2) / 6) * (1 - (x2 / 20) * (1 - x2 / 42));
  }
  return x - Math.sin(x);
}

/**
 * The area of the intersection (lens) of two circles of radii r1, r2 whose centres are d apart: 0 when disjoint,
 * π·min(r1, r2)² when one contains the other. Computed from the half-chord and half-angles (no acos of a number
 * near 1), so a thin lens keeps its relative precision.
 */
export function lensArea(r1: number, r2: number, d: number): number {
  if (!(r1 > 0) || !(r2 > 0)) return 0;
  if (d >= r1 + r2) return 0;
  if (d <= Math.abs(r1 - r2)) return Math.PI * Math.min(r1, r2) ** 2;
  // 4·d²·a² as a product of four factors, each computed directly (the small one without cancellation).
  const product = (r1 + r2 - d) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);
  const halfChord = Math.sqrt(Math.max(0, product)) / (2 * d);
  const d1 = (d * d + r1 * r1 - r2 * r2) / (2 * d); // signed distance from centre 1 to the chord
  const d2 = d - d1;
  const theta1 = 2 * Math.atan2(halfChord, d1); // central angle of the segment of circle 1
  const theta2 = 2 * Math.atan2(halfChord, d2);
  return (r1 * r1 * xMinusSin(theta1) + r2 * r2 * xMinusSin(theta2)) / 2;
}

/**
 * The centre distance at which two circles of radii r1, r2 overlap in a lens of the given area, by bisection on
 * [|r1 − r2|, r1 + r2] (the lens area decreases strictly there). Clamps: area ≤ 0 gives r1 + r2, area ≥ the smaller
 * disc gives |r1 − r2|. Never throws; always terminates (at most 200 halvings).
 */
export function distanceForLens(r1: number, r2: number, area: number): number {
  const lo0 = Math.abs(r1 - r2);
  const hi0 = r1 + r2;
  if (!(area > 0)) return hi0;
  if (area >= Math.PI * Math.min(r1, r2) ** 2) return lo0;
  let lo = lo0;
  let hi = hi0;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi0; i += 1) {
    const mid = (lo + hi) / 2;
    if (lensArea(r1, r2, mid) > area) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** SVG path of a full circle (two half arcs). */
function circlePath({ cx, cy, r }: VennCircle): string {
  return `M${cx - r},${cy}A${r},${r},0,1,0,${cx + r},${cy}A${r},${r},0,1,0,${cx - r},${cy}Z`;
}

const EMPTY_REGION: VennRegionShape = { path: '', fillRule: 'nonzero', label: null };

function region(path: string, labelX: number, cy: number, width: number, fillRule: 'nonzero' | 'evenodd' = 'nonzero') {
  return { path, fillRule, label: width >= MIN_LABEL_WIDTH ? { x: labelX, y: cy } : null };
}

function counted(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * Lays out the error Venn of `counts` in a box: circle areas proportional to |A| and |B| (the larger circle gets
 * `maxRadius`), the lens area proportional to |A ∩ B| (bisection on the centre distance), centred in the box.
 * Handles every case without throwing: no errors, one model without errors, identical sets, nesting either way,
 * disjoint sets, partial overlap. Negative or non-finite counts count as 0.
 */
export function vennLayout(counts: VennCounts, options: VennLayoutOptions = {}): VennLayout {
  const { width = 470, height = 270, maxRadius = 100, gap = 12 } = options;
  const h1Only = counted(counts.h1Only);
  const common = counted(counts.common);
  const h2Only = counted(counts.h2Only);
  const sizeA = h1Only + common;
  const sizeB = common + h2Only;
  const cy = height / 2;
  const cx = width / 2;
  const largest = Math.max(sizeA, sizeB);
  const empty = { progress: EMPTY_REGION, common: EMPTY_REGION, regress: EMPTY_REGION };
  if (largest === 0) return { case: 'empty', a: null, b: null, distance: 0, areaPerInstance: 0, regions: empty };
  const areaPerInstance = (Math.PI * maxRadius * maxRadius) / largest;
  const rA = Math.sqrt((sizeA * areaPerInstance) / Math.PI);
  const rB = Math.sqrt((sizeB * areaPerInstance) / Math.PI);
  const base = { areaPerInstance };

  if (sizeB === 0) {
    const a = { cx, cy, r: rA };
    return {
      ...base,
      case: 'only-h1',
      a,
      b: null,
      distance: 0,
      regions: { ...empty, progress: region(circlePath(a), cx, cy, 2 * rA) },
    };
  }
  if (sizeA === 0) {
    const b = { cx, cy, r: rB };
    return {
      ...base,
      case: 'only-h2',
      a: null,
      b,
      distance: 0,
      regions: { ...empty, regress: region(circlePath(b), cx, cy, 2 * rB) },
    };
  }
  if (h1Only === 0 && h2Only === 0) {
    const a = { cx, cy, r: rA };
    return {
      ...base,
      case: 'identical',
      a,
      b: { ...a },
      distance: 0,
      regions: { ...empty, common: region(circlePath(a), cx, cy, 2 * rA) },
    };
  }
  if (common === 0) {
    const distance = rA + rB + gap;
    const left = cx - (rA + distance + rB) / 2 + rA;
    const a = { cx: left, cy, r: rA };
    const b = { cx: left + distance, cy, r: rB };
    return {
      ...base,
      case: 'disjoint',
      a,
      b,
      distance,
      regions: {
        progress: region(circlePath(a), a.cx, cy, 2 * rA),
        common: EMPTY_REGION,
        regress: region(circlePath(b), b.cx, cy, 2 * rB),
      },
    };
  }
  if (h2Only === 0 || h1Only === 0) {
    // One set inside the other: the inner circle sits halfway between concentric and internally tangent.
    const outerIsA = h2Only === 0;
    const [rOuter, rInner] = outerIsA ? [rA, rB] : [rB, rA];
    const distance = (rOuter - rInner) / 2;
    const outer = { cx: outerIsA ? cx - distance / 2 : cx + distance / 2, cy, r: rOuter };
    const inner = { cx: outerIsA ? cx + distance / 2 : cx - distance / 2, cy, r: rInner };
    const ringLabelX = outerIsA
      ? (outer.cx - rOuter + inner.cx - rInner) / 2
      : (outer.cx + rOuter + inner.cx + rInner) / 2;
    const ringWidth = outerIsA ? inner.cx - rInner - (outer.cx - rOuter) : outer.cx + rOuter - (inner.cx + rInner);
    const ring = region(`${circlePath(outer)}${circlePath(inner)}`, ringLabelX, cy, ringWidth, 'evenodd');
    const core = region(circlePath(inner), inner.cx, cy, 2 * rInner);
    return outerIsA
      ? {
          ...base,
          case: 'h1-contains-h2',
          a: outer,
          b: inner,
          distance,
          regions: { progress: ring, common: core, regress: EMPTY_REGION },
        }
      : {
          ...base,
          case: 'h2-contains-h1',
          a: inner,
          b: outer,
          distance,
          regions: { progress: EMPTY_REGION, common: core, regress: ring },
        };
  }

  const distance = distanceForLens(rA, rB, common * areaPerInstance);
  const left = cx - (rA + distance + rB) / 2 + rA;
  const a = { cx: left, cy, r: rA };
  const b = { cx: left + distance, cy, r: rB };
  const d1 = (distance * distance + rA * rA - rB * rB) / (2 * distance);
  const d2 = distance - d1;
  const product = (rA + rB - distance) * (distance + rA - rB) * (distance - rA + rB) * (distance + rA + rB);
  const h = Math.sqrt(Math.max(0, product)) / (2 * distance);
  const x0 = a.cx + d1;
  const top = `${x0},${cy - h}`;
  const bottom = `${x0},${cy + h}`;
  const flag = (large: boolean): number => (large ? 1 : 0);
  // SVG arcs: sweep 1 = clockwise on screen. A's left arc runs top → left → bottom (sweep 0), and so on.
  const progressPath = `M${top}A${rA},${rA},0,${flag(d1 > 0)},0,${bottom}A${rB},${rB},0,${flag(d2 < 0)},1,${top}Z`;
  const commonPath = `M${top}A${rA},${rA},0,${flag(d1 < 0)},1,${bottom}A${rB},${rB},0,${flag(d2 < 0)},1,${top}Z`;
  const regressPath = `M${top}A${rB},${rB},0,${flag(d2 > 0)},1,${bottom}A${rA},${rA},0,${flag(d1 < 0)},0,${top}Z`;
  const leftA = a.cx - rA;
  const leftB = b.cx - rB;
  const rightA = a.cx + rA;
  const rightB = b.cx + rB;
  return {
    ...base,
    case: 'overlap',
    a,
    b,
    distance,
    regions: {
      progress: region(progressPath, (leftA + leftB) / 2, cy, leftB - leftA),
      common: region(
        commonPath,
        (Math.max(leftA, leftB) + Math.min(rightA, rightB)) / 2,
        cy,
        Math.min(rightA, rightB) - Math.max(leftA, leftB),
      ),
      regress: region(regressPath, (rightA + rightB) / 2, cy, rightB - rightA),
    },
  };
}
