import { importCsv, importIdx, type Dataset } from '@bcml/data';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { intOption } from '../int-option.js';
import { parseCommand, stringOption, type ParsedCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

/** The usage of `bcml data import`. */
export const DATA_USAGE = `usage: bcml data import csv <input.csv> <output.arrow> --label COLUMN [options]
       bcml data import idx --images FILE --labels FILE <output.arrow> [--classes a,b,...] [--id-start N]

Converts a CSV file or an IDX pair (paths or http(s) URLs, optionally gzipped) into an Arrow dataset file.
csv options:
  --label COLUMN          the label column (required)
  --delimiter D           field separator (default ,)
  --no-header             the first line is data (then --columns is required)
  --columns a,b,...       column names
  --skip-lines N          physical lines to skip first
  --id COLUMN             a column of unique integer ids (default: generated from --id-start, default 0)
  --id-start N            the first generated id
  --classes a,b,...       class names in index order
  --features a,b,...      the feature columns (default: every other column)
  --categorical a,b,...   columns to treat as categorical even when numeric
`;

/** A comma-separated list option, or undefined. */
function listOption(parsed: ParsedCommand, name: string): string[] | undefined {
  const value = stringOption(parsed, name);
  return value === undefined ? undefined : value.split(',').map((s) => s.trim());
}

/** One line about what was written. */
function written(dataset: Dataset, output: string): string {
  return `wrote ${output}: ${dataset.ids.length} rows, classes ${dataset.info.classes.join(', ')}\n`;
}

/** `bcml data import csv|idx`. */
export async function dataCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      label: { type: 'string' },
      delimiter: { type: 'string' },
      'no-header': { type: 'boolean' },
      columns: { type: 'string' },
      'skip-lines': { type: 'string' },
      id: { type: 'string' },
      'id-start': { type: 'string' },
      classes: { type: 'string' },
      features: { type: 'string' },
      categorical: { type: 'string' },
      images: { type: 'string' },
      labels: { type: 'string' },
    },
    DATA_USAGE,
  );
  if (parsed.help) {
    io.out(DATA_USAGE);
    return EXIT.ok;
  }
  const [verb, format, ...rest] = parsed.positionals;
  if (verb !== 'import') throw new UsageError(`unknown data command ${JSON.stringify(verb ?? '')}`, DATA_USAGE);
  const idStartRaw = stringOption(parsed, 'id-start');
  const idStart = idStartRaw === undefined ? undefined : intOption('id-start', idStartRaw, 0, 0, DATA_USAGE);
  const classes = listOption(parsed, 'classes');
  if (format === 'csv') {
    const [input, output, ...extra] = rest;
    if (input === undefined || output === undefined) {
      throw new UsageError('missing <input.csv> or <output.arrow>', DATA_USAGE);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, DATA_USAGE);
    const label = stringOption(parsed, 'label');
    if (label === undefined) throw new UsageError('missing --label COLUMN', DATA_USAGE);
    const delimiter = stringOption(parsed, 'delimiter');
    const columns = listOption(parsed, 'columns');
    const skip = stringOption(parsed, 'skip-lines');
    const id = stringOption(parsed, 'id');
    const features = listOption(parsed, 'features');
    const categorical = listOption(parsed, 'categorical');
    const dataset = await importCsv(input, output, {
      label,
      ...(delimiter === undefined ? {} : { delimiter }),
      ...(parsed.values['no-header'] === true ? { header: false } : {}),
      ...(columns === undefined ? {} : { columns }),
      ...(skip === undefined ? {} : { skipLines: intOption('skip-lines', skip, 0, 0, DATA_USAGE) }),
      ...(id === undefined ? {} : { id }),
      ...(idStart === undefined ? {} : { idStart }),
      ...(classes === undefined ? {} : { classes }),
      ...(features === undefined ? {} : { features }),
      ...(categorical === undefined ? {} : { categorical }),
    });
    io.out(written(dataset, output));
    return EXIT.ok;
  }
  if (format === 'idx') {
    const [output, ...extra] = rest;
    const images = stringOption(parsed, 'images');
    const labels = stringOption(parsed, 'labels');
    if (images === undefined || labels === undefined) {
      throw new UsageError('missing --images FILE or --labels FILE', DATA_USAGE);
    }
    if (output === undefined) throw new UsageError('missing <output.arrow>', DATA_USAGE);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, DATA_USAGE);
    const dataset = await importIdx({ images, labels }, output, {
      ...(idStart === undefined ? {} : { idStart }),
      ...(classes === undefined ? {} : { classes }),
    });
    io.out(written(dataset, output));
    return EXIT.ok;
  }
  throw new UsageError(`unknown import format ${JSON.stringify(format ?? '')}: expected csv or idx`, DATA_USAGE);
}
