import { DatasetError } from './dataset-error.js';

/** Options of `csvRecords`. */
export interface CsvRecordOptions {
  /** The field separator (default `,`); may be several characters. */
  readonly delimiter?: string;
  /** The quote character of RFC 4180 quoting (default `"`; a doubled quote inside quotes is one quote). */
  readonly quote?: string;
  /** Physical lines to skip at the start (a banner such as adult.test's `|1x3 Cross validator`). */
  readonly skipLines?: number;
  /** The name error messages give the file. */
  readonly file?: string;
}

/** One record of a delimited text file and the 1-based line it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/**
 * The records of delimited text (CSV, TSV, space-separated): LF or CRLF line ends, RFC 4180 quoting (quoted
 * fields may hold delimiters, quotes and line breaks), blank lines skipped. Fields are returned untrimmed.
 */
export function* csvRecords(text: string, options: CsvRecordOptions = {}): Generator<CsvRecord, void, undefined> {
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  const file = options.file ?? 'csv';
  if (delimiter.length === 0) throw DatasetError.expected({ file }, 'a non-empty delimiter', delimiter);
  let position = 0;
  let line = 1;
  for (let skipped = 0; skipped < (options.skipLines ?? 0) && position < text.length; skipped += 1) {
    const end = text.indexOf('\n', position);
    position = end < 0 ? text.length : end + 1;
    line += 1;
  }
  while (position < text.length) {
    const end = text.indexOf('\n', position);
    const lineEnd = end < 0 ? text.length : end;
    const raw = text.slice(position, lineEnd);
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!content.includes(quote)) {
      if (content.trim() !== '') yield { fields: content.split(delimiter), line };
      position = lineEnd + 1;
      line += 1;
      continue;
    }
    const parsed = parseQuotedRecord(text, position, delimiter, quote, { file, line });
    yield { fields: parsed.fields, line };
    position = parsed.next;
    line += parsed.lines;
  }
}

/** Parses one record with quoted fields from `start`; returns its fields, the next position and the lines used. */
function parseQuotedRecord(
  text: string,
  start: number,
  delimiter: string,
  quote: string,
  where: { file: string; line: number },
): { fields: string[]; next: number; lines: number } {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let lines = 1;
  let quoted = false;
  for (;;) {
    if (i >= text.length) {
      if (quoted) throw new DatasetError(where, `a quoted field is not closed before the end of the file`);
      fields.push(field);
      return { fields, next: i, lines };
    }
    const c = text[i]!;
    if (quoted) {
      if (c === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i += 2;
        } else {
          quoted = false;
          i += 1;
        }
      } else {
        if (c === '\n') lines += 1;
        field += c;
        i += 1;
      }
      continue;
    }
    if (c === quote && field.trim() === '') {
      quoted = true;
      field = '';
      i += 1;
    } else if (text.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      i += delimiter.length;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      fields.push(field);
      return { fields, next: c === '\n' ? i + 1 : i + 2, lines };
    } else {
      field += c;
      i += 1;
    }
  }
}
