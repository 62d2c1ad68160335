// Reliability from the command line, over a study folder: the two-rater report (text, JSON, CSV,
// printable HTML), consensus scores, the gold standard, training assignments, certification and
// the reliability settings. Reading needs only the folder; every command that records a judgement
// names its reliability lead with --as, logs them in (auth.login, BLINDFOLD_PASSWORD or a prompt)
// and runs the app's reliability.* entry as them, so the entry's roles decide who may and the audit
// log says who decided. The readers and gold-scores stay direct (cli/main.ts says why).
import { writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { checkLogin } from '../../core/auth/users';
import { studyDimensions } from '../../core/coding/dimensions';
import type { CertificationOutcomeView, ReliabilitySettings, ReliabilitySettingsPatch, Role } from '../../common/contract';
import { pairReportJson, reliabilityCsv, reliabilityHtml, reliabilityPairsCsv, reliabilityText } from '../../core/reliability/export';
import type { RaterRef } from '../../core/reliability/study';
import {
  certifyTrainee,
  consensusExportCsv,
  consensusExportRows,
  recordGoldScores,
  reliabilityForPair,
  reliabilitySettings,
} from '../../core/reliability/study';
import { openStudy, type Study } from '../../core/study/study';
import { parse } from '../args';
import { asUser, readable } from '../face';
import { UsageError, type CliIo } from '../io';
import { secret } from '../secrets';

export const RELIABILITY_USAGES = {
  'reliability-report':
    'reliability-report <studyDir> --a <coder> (--b <coder> | --gold) --dimension D [--clips outcome|training] [--from DATE] [--to DATE] [--min-difference X] [--batch K] [--step S] [--json] [--csv FILE] [--pairs-csv FILE] [--html FILE]',
  consensus: 'consensus <studyDir> --clip CODE --dimension D --score X --reason TEXT --as LEAD',
  'consensus-export': 'consensus-export <studyDir> [--out FILE]',
  'import-gold': 'import-gold <studyDir> <manifest.csv> --source TEXT --as NAME [--jobs N]',
  'gold-scores': 'gold-scores <studyDir> <scores.csv> --source TEXT --as NAME [--reason TEXT]',
  'assign-training': 'assign-training <studyDir> --trainee CODER --as NAME [--clips CODE_OR_LABEL,…]',
  certify: 'certify <studyDir> --trainee CODER --as LEAD [--dimension D]… [--master-coder CODER] [--preview] [--json]',
  'reliability-settings':
    'reliability-settings <studyDir> [--as NAME] [--threshold X] [--weights linear|quadratic] [--basis estimate|ci_lower] [--min-pairs N] [--cert-threshold X] [--cert-weights linear|quadratic] [--cert-basis estimate|ci_lower] [--cert-min-pairs N] [--batch K] [--step S] [--min-difference X] [--json]',
} as const;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!NUMBER.test(text.trim())) throw new UsageError(`--${flag} must be a number (got "${text}")`);
  return Number(text);
}

function integer(flag: string, text: string | undefined): number | undefined {
  const n = number(flag, text);
  if (n !== undefined && !Number.isInteger(n)) throw new UsageError(`--${flag} must be a whole number (got "${text}")`);
  return n;
}

function oneOf<T extends string>(flag: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!allowed.includes(text as T)) throw new UsageError(`--${flag} must be ${allowed.join(' or ')} (got "${text}")`);
  return text as T;
}

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required`);
  return value;
}

async function withStudy<T>(dir: string, run: (study: Study) => Promise<T>): Promise<T> {
  const study = openStudy(dir);
  try {
    return await run(study);
  } finally {
    study.close();
  }
}

/** The user named by --as, after their password; refused unless their role may do this. */
async function signIn(io: CliIo, study: Study, name: string | undefined, roles: readonly Role[]): Promise<{ id: number; name: string }> {
  if (!name?.trim()) throw new UsageError(`Name the ${roles.join(' or ')} user recording this with --as`);
  const password = await secret(io, 'BLINDFOLD_PASSWORD', `Password for ${name.trim()}: `);
  const user = await checkLogin(study.db, name, password);
  if (!roles.includes(user.role)) throw new UsageError(`"${user.name}" is a ${user.role}; this needs a ${roles.join(' or ')} user`);
  return { id: user.id, name: user.name };
}

async function writeOut(io: CliIo, file: string, text: string, what: string): Promise<void> {
  await writeFile(file, text, 'utf8');
  io.stderr(`Wrote ${what} to ${file}\n`);
}

export async function reliabilityReportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      a: { type: 'string' },
      b: { type: 'string' },
      gold: { type: 'boolean' },
      dimension: { type: 'string' },
      clips: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'min-difference': { type: 'string' },
      batch: { type: 'string' },
      step: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'string' },
      'pairs-csv': { type: 'string' },
      html: { type: 'string' },
    },
    ['studyDir'],
  );
  const a = required('a', values.a);
  const gold = values.gold === true;
  if (gold === (values.b !== undefined)) throw new UsageError('Give either --b <coder> or --gold');
  const b: RaterRef = gold ? { gold: true } : { coder: values.b! };
  const clips = oneOf('clips', values.clips, ['outcome', 'training'] as const);
  const disagreementSize = number('min-difference', values['min-difference']);
  const batch = integer('batch', values.batch);
  const step = integer('step', values.step);
  return withStudy(positionals[0]!, async (study) => {
    const report = reliabilityForPair(study.db, {
      a,
      b,
      dimension: required('dimension', values.dimension),
      ...(clips ? { clips } : {}),
      from: values.from ?? null,
      to: values.to ?? null,
      ...(disagreementSize !== undefined ? { disagreementSize } : {}),
      ...(batch !== undefined ? { driftBatchSize: batch } : {}),
      ...(step !== undefined ? { driftStep: step } : {}),
    });
    io.stdout(values.json ? `${JSON.stringify(pairReportJson(report), null, 2)}\n` : reliabilityText(report));
    if (values.csv) await writeOut(io, values.csv, reliabilityCsv(report), 'the statistics');
    if (values['pairs-csv']) await writeOut(io, values['pairs-csv'], reliabilityPairsCsv(report), 'the pairs with notes');
    if (values.html) await writeOut(io, values.html, reliabilityHtml(report, { studyName: study.name }), 'the printable report');
    return 0;
  });
}

export async function consensusCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    { clip: { type: 'string' }, dimension: { type: 'string' }, score: { type: 'string' }, reason: { type: 'string' }, as: { type: 'string' } },
    ['studyDir'],
  );
  const score = number('score', required('score', values.score))!;
  const input = { clip: required('clip', values.clip).trim().toUpperCase(), dimension: required('dimension', values.dimension), score, reason: required('reason', values.reason) };
  return asUser(io, positionals[0]!, { name: values.as, flag: '--as', for: 'reliability.recordConsensus' }, async (face) => {
    const record = await face.call('reliability.recordConsensus', input);
    io.stdout(
      `Recorded consensus ${record.score} for ${record.clip} on ${record.dimension} (version ${record.version}${
        record.supersedesId === null ? '' : ', replacing the previous consensus'
      }); the ${record.ratings.length} original ratings stay as submitted.\n`,
    );
    return 0;
  });
}

export async function consensusExportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' } }, ['studyDir']);
  return withStudy(positionals[0]!, async (study) => {
    const csv = consensusExportCsv(consensusExportRows(study.db, studyDimensions(study.db).map((d) => d.id)));
    if (values.out) await writeOut(io, values.out, csv, 'originals and consensus');
    else io.stdout(csv);
    return 0;
  });
}

export async function importGoldCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { source: { type: 'string' }, as: { type: 'string' }, jobs: { type: 'string' } }, ['studyDir', 'manifest']);
  const source = required('source', values.source);
  const jobs = integer('jobs', values.jobs);
  const manifestPath = await readable(io, positionals[1]!);
  return asUser(io, positionals[0]!, { name: values.as, flag: '--as', for: 'reliability.importGold' }, async (face) => {
    const outcome = await face.call('reliability.importGold', { manifestPath, source, ...(jobs ? { jobs } : {}) });
    io.stdout(
      `Added ${outcome.added.length} gold-standard clip${outcome.added.length === 1 ? '' : 's'}; master scores: ${outcome.scores.added} added, ${outcome.scores.corrected} corrected, ${outcome.scores.unchanged} unchanged\n`,
    );
    for (const a of outcome.added) io.stdout(`  ${a.code}  ${a.label}\n`);
    for (const f of outcome.failed) io.stderr(`  failed: ${f.label}: ${f.message}\n`);
    return outcome.failed.length > 0 ? 1 : 0;
  });
}

export async function goldScoresCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { source: { type: 'string' }, as: { type: 'string' }, reason: { type: 'string' } }, ['studyDir', 'scores']);
  const source = required('source', values.source);
  const text = (await io.readFile(positionals[1]!)).toString('utf8');
  return withStudy(positionals[0]!, async (study) => {
    const user = await signIn(io, study, values.as, ['reliability', 'manager']);
    const csv = Papa.parse<Record<string, string | undefined>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
    if (!(csv.meta.fields ?? []).includes('clip')) throw new UsageError('The scores file needs a "clip" column (code or label) and one column per dimension');
    const dims = studyDimensions(study.db).map((d) => d.id);
    const entries = csv.data.flatMap((row, i) =>
      dims.flatMap((dimension) => {
        const cell = (row[dimension] ?? '').trim();
        if (cell === '') return [];
        if (!NUMBER.test(cell)) throw new UsageError(`row ${i + 1}: "${cell}" in column ${dimension} is not a number`);
        return [{ clip: (row['clip'] ?? '').trim(), dimension, score: Number(cell) }];
      }),
    );
    const outcome = recordGoldScores(study.db, entries, { source, reason: values.reason ?? null }, user.name);
    io.stdout(`Master scores: ${outcome.added} added, ${outcome.corrected} corrected, ${outcome.unchanged} unchanged\n`);
    return 0;
  });
}

export async function assignTrainingCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { trainee: { type: 'string' }, as: { type: 'string' }, clips: { type: 'string' } }, ['studyDir']);
  const traineeName = required('trainee', values.trainee);
  const clips = values.clips?.split(',').map((c) => c.trim()).filter(Boolean);
  return asUser(io, positionals[0]!, { name: values.as, flag: '--as', for: 'reliability.assignTraining' }, async (face) => {
    const outcome = await face.call('reliability.assignTraining', { trainee: traineeName, ...(clips && clips.length > 0 ? { clips } : {}) });
    io.stdout(
      `Gave ${outcome.trainee} ${outcome.assigned.length} gold-standard clip${outcome.assigned.length === 1 ? '' : 's'}${
        outcome.alreadyAssigned > 0 ? ` (${outcome.alreadyAssigned} already in their queue)` : ''
      }\n`,
    );
    return 0;
  });
}

export async function certifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      trainee: { type: 'string' },
      as: { type: 'string' },
      dimension: { type: 'string', multiple: true },
      'master-coder': { type: 'string' },
      preview: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    ['studyDir'],
  );
  const traineeName = required('trainee', values.trainee);
  const options = {
    ...(values.dimension ? { dimensions: values.dimension } : {}),
    ...(values['master-coder'] ? { masterCoder: values['master-coder'] } : {}),
  };
  const print = (outcome: CertificationOutcomeView): number => {
    if (values.json) {
      io.stdout(`${JSON.stringify(outcome, null, 2)}\n`);
    } else {
      const c = outcome.criterion;
      io.stdout(`${outcome.trainee} against the ${outcome.master}: ${outcome.verdict === 'certified' ? 'CERTIFIED' : 'NOT YET'}${outcome.recorded ? '' : ' (preview, not recorded)'}\n`);
      io.stdout(`Criterion: ${c.weights} weighted kappa${c.basis === 'ci_lower' ? ' (lower 95% limit)' : ''} >= ${c.threshold}, at least ${c.minPairs} clips\n`);
      for (const d of outcome.dimensions) {
        const k = d.kappa === null ? 'kappa undefined' : `kappa ${d.kappa.toFixed(4)}${d.ci95 ? ` [${d.ci95[0].toFixed(4)}, ${d.ci95[1].toFixed(4)}]` : ''}`;
        io.stdout(`  ${d.dimension.padEnd(20)} n ${String(d.n).padStart(3)}   ${k}   ${d.verdict === 'certified' ? 'certified' : 'not yet'} — ${d.message}\n`);
      }
    }
    return 0;
  };
  // A preview by no one in particular reads the folder, as the reports do; a named lead (recording
  // or previewing) goes through the app's reliability.certify.
  if (values.preview && !values.as) {
    return withStudy(positionals[0]!, async (study) =>
      print(
        certifyTrainee(study.db, traineeName, 'preview', {
          ...(options.dimensions ? { dimensions: options.dimensions } : {}),
          ...(options.masterCoder ? { master: { coder: options.masterCoder } } : {}),
          record: false,
        }),
      ),
    );
  }
  return asUser(io, positionals[0]!, { name: values.as, flag: '--as', for: 'reliability.certify' }, async (face) =>
    print(await face.call('reliability.certify', { trainee: traineeName, record: !values.preview, ...options })),
  );
}

export async function reliabilitySettingsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      as: { type: 'string' },
      threshold: { type: 'string' },
      weights: { type: 'string' },
      basis: { type: 'string' },
      'min-pairs': { type: 'string' },
      'cert-threshold': { type: 'string' },
      'cert-weights': { type: 'string' },
      'cert-basis': { type: 'string' },
      'cert-min-pairs': { type: 'string' },
      batch: { type: 'string' },
      step: { type: 'string' },
      'min-difference': { type: 'string' },
      json: { type: 'boolean' },
    },
    ['studyDir'],
  );
  const weights = ['linear', 'quadratic'] as const;
  const bases = ['estimate', 'ci_lower'] as const;
  const criterion = dropUndefined({
    threshold: number('threshold', values.threshold),
    weights: oneOf('weights', values.weights, weights),
    basis: oneOf('basis', values.basis, bases),
    minPairs: integer('min-pairs', values['min-pairs']),
  });
  const certification = dropUndefined({
    threshold: number('cert-threshold', values['cert-threshold']),
    weights: oneOf('cert-weights', values['cert-weights'], weights),
    basis: oneOf('cert-basis', values['cert-basis'], bases),
    minPairs: integer('cert-min-pairs', values['cert-min-pairs']),
  });
  const patch: ReliabilitySettingsPatch = dropUndefined({
    ...(Object.keys(criterion).length > 0 ? { criterion } : {}),
    ...(Object.keys(certification).length > 0 ? { certification } : {}),
    driftBatchSize: integer('batch', values.batch),
    driftStep: integer('step', values.step),
    disagreementSize: number('min-difference', values['min-difference']),
  });
  const print = (settings: ReliabilitySettings): number => {
    if (values.json) {
      io.stdout(`${JSON.stringify(settings, null, 2)}\n`);
    } else {
      const line = (label: string, c: typeof settings.criterion) =>
        `${label}: ${c.weights} weighted kappa${c.basis === 'ci_lower' ? ' (lower 95% limit)' : ''} >= ${c.threshold}, at least ${c.minPairs} pairs\n`;
      io.stdout(line('Pass/fail', settings.criterion));
      io.stdout(line('Certification', settings.certification));
      io.stdout(`Drift: batches of ${settings.driftBatchSize}, step ${settings.driftStep}\nDisagreements listed: ${settings.disagreementSize} point(s) or more\n`);
    }
    return 0;
  };
  // Showing the settings reads the folder; changing them is the app's reliability.setSettings, as the named lead.
  if (Object.keys(patch).length === 0) return withStudy(positionals[0]!, async (study) => print(reliabilitySettings(study.db)));
  return asUser(io, positionals[0]!, { name: values.as, flag: '--as', for: 'reliability.setSettings' }, async (face) =>
    print(await face.call('reliability.setSettings', { patch })),
  );
}

function dropUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
