/**
 * The diagnosis group of an ICD-9 code, as Strack et al. (2014, Table 2) group `diag_1`…`diag_3` of the Diabetes
 * 130-US data: circulatory, respiratory, digestive, diabetes, injury, musculoskeletal, genitourinary, neoplasms,
 * other (including V and E codes); null stays null.
 */
export function icd9Group(code: string | null): string | null {
  if (code === null) return null;
  if (code.startsWith('250')) return 'diabetes';
  if (!/^\d/.test(code)) return 'other';
  const value = Number(code);
  if ((value >= 390 && value < 460) || Math.floor(value) === 785) return 'circulatory';
  if ((value >= 460 && value < 520) || Math.floor(value) === 786) return 'respiratory';
  if ((value >= 520 && value < 580) || Math.floor(value) === 787) return 'digestive';
  if (value >= 800 && value < 1000) return 'injury';
  if (value >= 710 && value < 740) return 'musculoskeletal';
  if ((value >= 580 && value < 630) || Math.floor(value) === 788) return 'genitourinary';
  if (value >= 140 && value < 240) return 'neoplasms';
  return 'other';
}
