// `blindfold kappa <file.csv> --a <column> --b <column> [--scale MIN:MAX:STEP]
//                  [--categories scale|observed] [--cutoff X]... [--json]`
// Reliability of two coders from a CSV with one row per clip. I/O stays here, at the edge: the
// statistics are core/reliability's pure functions, and this file only reads, validates and prints.
import Papa from 'papaparse';

import type { ReliabilityJson, Scale } from '../../core/reliability';
import { parseScale, reliabilityReport, reportToJson, scaleIndexOf, scalePointCount } from '../../core/reliability';

export interface KappaCommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readFile: (p: string) => Promise<Buffer>;
}

const EXIT_OK = 0;
const EXIT_DATA_ERROR = 1;
const EXIT_USAGE = 2;

const DEFAULT_SCALE = '1:7:0.5';
const MAX_ERRORS_SHOWN = 20;

export const KAPPA_USAGE = `Usage: blindfold kappa <file.csv> --a <column> --b <column> [options]

Agreement between two coders, one CSV row per clip.

Options:
  --a <column>                 column with coder A's ratings
  --b <column>                 column with coder B's ratings
  --scale MIN:MAX:STEP         rating scale (default ${DEFAULT_SCALE})
  --categories scale|observed  kappa and Gwet's AC over every point of the scale (default), or only
                               over values that occur, spaced equally (as R irr, psych and sklearn do)
  --cutoff X                   also report kappa for "rating >= X" vs below (repeatable, e.g. 5.5)
  --json                       print one JSON object instead of a table

A row whose A or B rating is empty, NA, N/A, NaN or "." is skipped and counted. Any other rating
that is not a number on the scale is an error naming its row (1 = first row after the header).
Exit codes: 0 success, 1 bad data or unreadable file, 2 bad arguments.`;

interface KappaArgs {
  readonly file: string;
  readonly a: string;
  readonly b: string;
  readonly scale: Scale;
  readonly categories: 'scale' | 'observed';
  readonly cutoffs: number[];
  readonly json: boolean;
}

type Parsed = { readonly ok: true; readonly args: KappaArgs } | { readonly ok: false; readonly message: string } | { readonly ok: 'help' };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = /^(|na|n\/a|nan|\.)$/i;

function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string>();
  const cutoffs: number[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: 'help' };
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!['a', 'b', 'scale', 'categories', 'cutoff'].includes(name)) return { ok: false, message: `unknown option ${arg}` };
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) return { ok: false, message: `--${name} needs a value` };
    if (name === 'cutoff') {
      if (!NUMBER.test(value.trim())) return { ok: false, message: `--cutoff must be a number (got "${value}")` };
      cutoffs.push(Number(value));
    } else {
      options.set(name, value);
    }
  }
  if (positional.length !== 1) return { ok: false, message: positional.length === 0 ? 'missing the CSV file' : `expected one CSV file, got ${positional.length}` };
  const a = options.get('a');
  const b = options.get('b');
  if (a === undefined || b === undefined) return { ok: false, message: 'both --a and --b columns are required' };
  const scale = parseScale(options.get('scale') ?? DEFAULT_SCALE);
  if (!scale.ok) return { ok: false, message: scale.error.message };
  const categories = options.get('categories') ?? 'scale';
  if (categories !== 'scale' && categories !== 'observed') return { ok: false, message: `--categories must be "scale" or "observed" (got "${categories}")` };
  return { ok: true, args: { file: positional[0]!, a: a.trim(), b: b.trim(), scale: scale.value, categories, cutoffs, json } };
}

/** Text of a CSV file: UTF-8 (with or without BOM) or UTF-16LE with BOM (Excel "Unicode text"). */
function decode(buffer: Buffer): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface Ratings {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly skipped: number;
}

function readRatings(rows: ReadonlyArray<Record<string, string | undefined>>, args: KappaArgs, decimalComma: boolean): Ratings | { errors: string[] } {
  const a = new Float64Array(rows.length);
  const b = new Float64Array(rows.length);
  const k = scalePointCount(args.scale);
  const { min, max, step } = args.scale;
  const errors: string[] = [];
  let n = 0;
  let skipped = 0;
  rows.forEach((row, index) => {
    const rawA = (row[args.a] ?? '').trim();
    const rawB = (row[args.b] ?? '').trim();
    if (MISSING.test(rawA) || MISSING.test(rawB)) {
      skipped++;
      return;
    }
    const values: number[] = [];
    for (const [column, raw] of [
      [args.a, rawA],
      [args.b, rawB],
    ] as const) {
      const text = decimalComma && /^[+-]?\d+,\d+$/.test(raw) ? raw.replace(',', '.') : raw;
      if (!NUMBER.test(text)) {
        errors.push(`row ${index + 1}: column "${column}" has "${raw}", which is not a number`);
      } else if (scaleIndexOf(args.scale, Number(text), k) === null) {
        errors.push(`row ${index + 1}: column "${column}" has ${raw}, which is not on the scale ${min}–${max} in steps of ${step}`);
      } else {
        values.push(Number(text));
      }
    }
    if (values.length === 2) {
      a[n] = values[0]!;
      b[n] = values[1]!;
      n++;
    }
  });
  if (errors.length > 0) return { errors };
  return { a: a.subarray(0, n), b: b.subarray(0, n), skipped };
}

export async function kappaCommand(args: string[], io: KappaCommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.ok === 'help') {
    io.stdout(`${KAPPA_USAGE}\n`);
    return EXIT_OK;
  }
  if (!parsed.ok) {
    io.stderr(`blindfold kappa: ${parsed.message}\n\n${KAPPA_USAGE}\n`);
    return EXIT_USAGE;
  }
  const opts = parsed.args;

  let text: string;
  try {
    text = decode(await io.readFile(opts.file));
  } catch (error) {
    io.stderr(`blindfold kappa: cannot read ${opts.file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_DATA_ERROR;
  }

  const csv = Papa.parse<Record<string, string | undefined>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const quoteError = csv.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    io.stderr(`blindfold kappa: ${opts.file} is not valid CSV (row ${(quoteError.row ?? 0) + 1}: ${quoteError.message})\n`);
    return EXIT_DATA_ERROR;
  }
  const fields = csv.meta.fields ?? [];
  const absent = [opts.a, opts.b].filter((c) => !fields.includes(c));
  if (absent.length > 0) {
    io.stderr(`blindfold kappa: no column ${absent.map((c) => `"${c}"`).join(' or ')} in ${opts.file}; its columns are: ${fields.map((f) => `"${f}"`).join(', ')}\n`);
    return EXIT_DATA_ERROR;
  }

  const ratings = readRatings(csv.data, opts, csv.meta.delimiter !== ',');
  if ('errors' in ratings) {
    const shown = ratings.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => `  ${e}\n`);
    const more = ratings.errors.length > MAX_ERRORS_SHOWN ? `  … and ${ratings.errors.length - MAX_ERRORS_SHOWN} more\n` : '';
    io.stderr(`blindfold kappa: ${opts.file} has ratings that cannot be used:\n${shown.join('')}${more}`);
    return EXIT_DATA_ERROR;
  }

  const report = reliabilityReport({ a: ratings.a, b: ratings.b }, opts.scale, { categories: opts.categories, cutoffs: opts.cutoffs });
  if (!report.ok) {
    io.stderr(`blindfold kappa: ${report.error.message}\n`);
    return EXIT_DATA_ERROR;
  }
  const json = reportToJson(report.value, { scale: opts.scale, skipped: ratings.skipped });
  io.stdout(opts.json ? `${JSON.stringify(json, null, 2)}\n` : formatTable(json, opts));
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// The readable table
// ---------------------------------------------------------------------------------------------

type Scalar = number | { readonly value: null; readonly reason: string; readonly message: string };

function num(x: number | null, digits = 4): string {
  return x === null ? '—' : x.toFixed(digits);
}

function pct(x: Scalar): string {
  return typeof x === 'number' ? `${(100 * x).toFixed(1)}%` : 'undefined';
}

function scalar(x: Scalar): string {
  return typeof x === 'number' ? num(x) : `undefined (${x.message})`;
}

function formatTable(r: ReliabilityJson, opts: KappaArgs): string {
  const lines: string[] = [];
  const { min, max, step } = opts.scale;
  lines.push(`Two-coder reliability: ${opts.file}, "${opts.a}" (A) vs "${opts.b}" (B)`);
  lines.push(`Pairs used: ${r.n}${r.skipped > 0 ? `   (skipped ${r.skipped} with a missing rating)` : ''}`);
  lines.push(
    `Scale: ${min}–${max} in steps of ${step}; kappa and Gwet's AC over ${r.categories.values.length} ${
      r.categories.mode === 'scale' ? 'scale points' : 'observed categories (equally spaced)'
    }`,
  );
  lines.push('');
  lines.push(`Agreement   exact ${pct(r.agreement.exact)}   within ±0.5 ${pct(r.agreement.within_half)}   within ±1 ${pct(r.agreement.within_one)}`);
  lines.push('');
  lines.push(`${'Kappa'.padEnd(13)}${'kappa'.padStart(7)}  ${'SE'.padStart(6)}   ${'95% CI'.padEnd(20)}  ${'SE0'.padStart(6)}  ${'z'.padStart(7)}`);
  const undefinedNotes: string[] = [];
  const kappaRow = (label: string, k: ReliabilityJson['unweighted']): string => {
    if (k.kappa === null) {
      undefinedNotes.push(`${label.trim()}: ${k.message ?? 'undefined'}`);
      return `${label}undefined`;
    }
    const ci = k.ci95 === null ? '—' : `[${num(k.ci95[0])}, ${num(k.ci95[1])}]${k.clipped ? '*' : ' '}`;
    if (k.z === null) undefinedNotes.push(`${label.trim()}: z undefined (standard error under H0 is 0)`);
    return `${label}${num(k.kappa).padStart(7)}  ${num(k.se)}   ${ci.padEnd(20)}  ${num(k.se0)}  ${num(k.z, 3).padStart(7)}`;
  };
  lines.push(kappaRow('unweighted   ', r.unweighted));
  lines.push(kappaRow('linear       ', r.linear));
  lines.push(kappaRow('quadratic    ', r.quadratic));
  for (const c of r.cutoffs) lines.push(kappaRow(`>= ${c.cutoff}`.padEnd(13), c));
  if ([r.unweighted, r.linear, r.quadratic, ...r.cutoffs].some((k) => k.clipped)) lines.push('  * interval clipped to [-1, 1]');
  lines.push('');
  const icc = (label: string, x: ReliabilityJson['icc2_1']): string => {
    if (x.value === null) return `${label}undefined (${'message' in x ? x.message : ''})`;
    const ci = 'ci95' in x && x.ci95 !== null ? `95% CI [${num(x.ci95[0])}, ${num(x.ci95[1])}]` : '95% CI undefined';
    return `${label}${num(x.value)}   ${ci}`;
  };
  lines.push(icc('ICC(2,1)   ', r.icc2_1));
  lines.push(icc('ICC(3,1)   ', r.icc3_1));
  lines.push(`Krippendorff's alpha   ordinal ${scalar(r.alpha_ordinal)}   interval ${scalar(r.alpha_interval)}`);
  lines.push(`Gwet   AC1 ${scalar(r.ac1)}   AC2 linear ${scalar(r.ac2_linear)}   AC2 quadratic ${scalar(r.ac2_quadratic)}`);
  if (undefinedNotes.length > 0) {
    lines.push('');
    for (const note of undefinedNotes) lines.push(`Note: ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
