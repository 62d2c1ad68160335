// Handlers of the manager's close-out entries: they call study/closeout and analysis, hold the key
// opened at unblinding for the session, and ask the host where files go. The second half shapes the
// analysis report into the one view both the screen and the printed PDF show — formatted tables,
// figures with their text alternatives — so the numbers are rounded in one place (the conventions of
// analysis/text.ts). That half is pure and belongs in analysis/ (view.ts, html.ts) once it may move.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  analyseStudy,
  renderReportText,
  timepointLabel,
  transitionsPlotSvg,
  upperCategoryPlotSvg,
  type AnalysisOptions,
  type AnalysisReport,
  type ArmOutcomeJson,
  type EstimateJson,
  type UndefinedJson,
} from '../../analysis';
import { escapeXml } from '../../analysis/plots';
import { rateText, signed } from '../../analysis/text';
import { appendAudit } from '../../audit/chain';
import type { AnalysisView, CloseoutStatusView, ReportFigureView, ReportSectionView, ReportTableView } from '../../contract';
import { CoreError } from '../../result';
import {
  closeoutStatus,
  emergencyUnblind,
  importRatings,
  lockStudy,
  MIN_REASON_LENGTH,
  openUnblindedKey,
  unblindStudy,
  writeExport,
} from '../../study/closeout';
import { isInside } from '../../study/closeout/export';
import { openKeyLogged } from '../../study/closeout/unblind';
import { keyringOf, must, type CoreContext, type Caller, type HandlerGroup } from './context';

type CloseoutCalls =
  | 'closeout.status'
  | 'closeout.lock'
  | 'closeout.emergencyUnblind'
  | 'closeout.unblind'
  | 'closeout.openKey'
  | 'closeout.importRatings'
  | 'closeout.export'
  | 'closeout.analysis'
  | 'closeout.saveReport';

/** The allocation's arm labels when this session holds the key of the unblinded study; else null. */
function openArms(ctx: CoreContext, caller: Caller): string[] | null {
  const keyring = ctx.keyrings.get(caller.sessionKey);
  if (!keyring) return null;
  try {
    const key = openUnblindedKey(ctx.study.db, keyring);
    return [...new Set([...key.participants.values()].map((p) => p.arm))].sort();
  } catch {
    return null;
  }
}

function analysisOptions(input: { arms?: [string, string] | undefined; timepoints?: string[] | undefined }): AnalysisOptions {
  return { ...(input.arms ? { arms: input.arms } : {}), ...(input.timepoints ? { timepoints: input.timepoints } : {}) };
}

/** A file-name-safe form of the study's name for a suggested file name. */
const baseName = (study: string) => study.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'study';

async function readOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new CoreError('not_found', 'That file could not be read');
  }
}

export const closeoutHandlers: HandlerGroup<CloseoutCalls> = {
  'closeout.status': (ctx, caller): CloseoutStatusView => {
    const s = closeoutStatus(ctx.study.db);
    const arms = s.unblinding ? openArms(ctx, caller) : null;
    return {
      lock: s.lock && { lockedAt: s.lock.lockedAt, lockedBy: s.lock.lockedBy, exceptions: s.lock.exceptions.map((e) => ({ ...e })) },
      unblinding: s.unblinding && { ...s.unblinding },
      unsubmitted: s.unsubmitted.map((u) => ({ code: u.code, coder: u.coder, purpose: u.purpose, kind: u.kind, hasDraft: u.hasDraft })),
      emergencyUnblindings: s.emergencyUnblindings.map((e) => ({ ...e })),
      seal: s.seal && { ...s.seal },
      keyChangedSinceSeal: s.keyChangedSinceSeal,
      keyOpen: arms !== null,
      arms,
      minReasonLength: MIN_REASON_LENGTH,
    };
  },
  'closeout.lock': (ctx, caller, input) => {
    const lock = lockStudy(ctx.study.db, must(caller).name, { confirmedExceptions: input.confirmedExceptions });
    return { lockedAt: lock.lockedAt, lockedBy: lock.lockedBy, exceptions: lock.exceptions.map((e) => ({ ...e })) };
  },
  'closeout.emergencyUnblind': async (ctx, caller, input) => {
    const r = await emergencyUnblind(ctx.study.db, { manager: must(caller).name, password: input.password, passphrase: input.passphrase, code: input.code, reason: input.reason });
    return {
      code: r.code,
      participant: r.participant,
      arm: r.arm,
      timepoint: r.timepoint,
      task: r.task,
      unblindedAt: r.unblindedAt,
      unblindedBy: r.unblindedBy,
      matchesSeal: r.matchesSeal,
    };
  },
  'closeout.unblind': async (ctx, caller, input) => {
    const receipt = await unblindStudy(ctx.study.db, { manager: must(caller).name, password: input.password, passphrase: input.passphrase, reason: input.reason });
    ctx.keyrings.set(caller.sessionKey, receipt.keyring);
    const randomised: Record<string, number> = {};
    for (const p of receipt.key.participants.values()) randomised[p.arm] = (randomised[p.arm] ?? 0) + 1;
    // unblindStudy refuses a key that does not match the latest seal, so reaching here means it matched.
    return { unblinding: { ...receipt.unblinding }, commitmentMatched: true, clips: receipt.key.clips.size, randomised };
  },
  'closeout.openKey': async (ctx, caller, input) => {
    const db = ctx.study.db;
    const actor = must(caller).name;
    const keyring = await openKeyLogged(db, input.passphrase, actor, 'key.open_for_analysis');
    openUnblindedKey(db, keyring);
    ctx.keyrings.set(caller.sessionKey, keyring);
    db.transaction(() => appendAudit(db, { actor, action: 'key.open_for_analysis' }))();
    return null;
  },
  'closeout.importRatings': async (ctx, caller, input) => {
    const outcome = importRatings(ctx.study.db, await readOrFail(input.path), must(caller).name, path.basename(input.path));
    return outcome.ok ? { imported: outcome.value, problems: [] } : { imported: null, problems: outcome.problems.map((p) => ({ ...p })) };
  },
  'closeout.export': async (ctx, caller, input) => {
    const db = ctx.study.db;
    // The key is checked before the dialog, so a refused export never asks where to save.
    const key = input.unblinded ? openUnblindedKey(db, keyringOf(ctx, caller)) : null;
    const kind = input.unblinded ? 'unblinded' : 'blinded';
    const out = await ctx.host.chooseSavePath({
      title: `Save the ${kind} ${input.layout} export`,
      defaultName: `${baseName(ctx.study.name)}-${kind}-${input.layout}.csv`,
    });
    if (!out) return null;
    // Never overwrite: Linux save dialogs do not confirm replacing a file, and the dictionary beside
    // the export was never shown in the dialog at all.
    const written = await writeExport(db, { out, studyDir: ctx.study.paths.dir, key, layout: input.layout, bom: input.bom ?? false, actor: must(caller).name });
    return { ...written };
  },
  'closeout.analysis': (ctx, caller, input) => analysisView(analyseStudy(ctx.study.db, keyringOf(ctx, caller), must(caller).name, analysisOptions(input))),
  'closeout.saveReport': async (ctx, caller, input) => {
    const db = ctx.study.db;
    const actor = must(caller).name;
    const report = analyseStudy(db, keyringOf(ctx, caller), actor, analysisOptions(input));
    const ext = input.format === 'pdf' ? 'pdf' : 'txt';
    const out = await ctx.host.chooseSavePath({ title: `Save the analysis report (${input.format === 'pdf' ? 'PDF' : 'text'})`, defaultName: `${baseName(report.study)}-analysis.${ext}` });
    if (!out) return null;
    const file = path.resolve(out);
    if (isInside(ctx.study.paths.dir, file)) throw new CoreError('bad_input', 'Save the report outside the study folder: it must never hold the allocation');
    let bytes: Buffer;
    if (input.format === 'pdf') {
      try {
        bytes = await ctx.host.renderPdf(reportHtml(analysisView(report)));
      } catch {
        throw new CoreError('conflict', 'The report could not be printed to PDF here; save it as text instead');
      }
    } else {
      bytes = Buffer.from(renderReportText(report), 'utf8');
    }
    try {
      await writeFile(file, bytes, { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CoreError('conflict', `${path.basename(file)} already exists; choose another name`);
      throw new CoreError('bad_input', `Could not write ${path.basename(file)}: ${code ?? 'error'}`);
    }
    db.transaction(() => appendAudit(db, { actor, action: 'analysis.report_saved', detail: { format: input.format, bytes: bytes.length } }))();
    return { file, bytes: bytes.length };
  },
};

// ---- The analysis report as a view: formatted tables and figures (pure: report in, view out).

const isEstimate = <T extends EstimateJson>(e: T | UndefinedJson): e is T => e.value !== null;

function interval(lo: number, hi: number, digits: number): string {
  return lo < 0 || hi < 0 ? `${signed(lo, digits)} to ${signed(hi, digits)}` : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
}

function estimate(e: EstimateJson | UndefinedJson, digits = 2): string {
  return isEstimate(e) ? `${signed(e.value, digits)} (${interval(e.ci95[0], e.ci95[1], digits)})` : `not estimable: ${e.message}`;
}

function meanSd(a: ArmOutcomeJson, digits: number): string {
  if (a.mean === null) return '—';
  return `${signed(a.mean, digits)} ± ${a.sd === null ? '—' : a.sd.toFixed(digits)} (n ${a.n})`;
}

const where = (timepoint: string | null, task: string | null) => `${timepointLabel(timepoint)}${task ? ` · ${task}` : ''}`;
const svgDataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;

function facts(r: AnalysisReport): AnalysisView['facts'] {
  const I = r.arms.intervention;
  const C = r.arms.control;
  const lock = r.lock
    ? `${r.lock.locked_at} by ${r.lock.locked_by}; ${
        r.lock.exceptions.length === 0
          ? 'every assigned rating submitted'
          : `${r.lock.exceptions.length} assignment(s) not submitted, confirmed as exceptions: ${r.lock.exceptions.map((e) => `${e.code} (${e.coder}, ${e.kind === 'session' ? 'fidelity audit' : e.purpose})`).join(', ')}`
      }`
    : 'not locked';
  return [
    { term: 'Data lock', detail: lock },
    { term: 'Unblinded', detail: `${r.unblinding.unblinded_at} by ${r.unblinding.unblinded_by}` },
    { term: 'Reason for unblinding', detail: r.unblinding.reason },
    { term: 'Sealed key commitment', detail: `${r.unblinding.commitment} (the opened key matched the seal)` },
    {
      term: 'Emergency unblindings before the lock',
      detail:
        r.emergency_unblindings.length === 0
          ? 'none'
          : r.emergency_unblindings.map((e) => `${e.code} on ${e.unblinded_at} by ${e.unblinded_by} ("${e.reason}")`).join('; '),
    },
    {
      term: 'Arms',
      detail: `intervention = "${I}" (randomised ${r.randomised.intervention}), control = "${C}" (randomised ${r.randomised.control})${r.arms.excluded.length ? `; not compared: ${r.arms.excluded.join(', ')}` : ''}`,
    },
    { term: 'Timepoints', detail: `${r.timepoints.map(timepointLabel).join(' → ')} (baseline: ${timepointLabel(r.baseline)})` },
    { term: 'Scoring rule', detail: `${r.scoring_rule}${r.consensus_available ? '' : ' (This study has no consensus scores.)'}` },
    { term: 'Comparisons', detail: r.comparison },
  ];
}

function completionSection(r: AnalysisReport): ReportSectionView {
  return {
    id: 'completion',
    heading: 'Completion',
    tables: [
      {
        caption: 'Participants with a recording, of those randomised',
        columns: ['Timepoint', r.arms.intervention, r.arms.control],
        rows: r.completion.map((c) => [timepointLabel(c.timepoint), rateText(c.intervention), rateText(c.control)]),
        notes: ['Proportions with Clopper–Pearson exact 95% confidence intervals.'],
      },
    ],
    figures: [],
  };
}

function dimensionSection(r: AnalysisReport, dimension: string): ReportSectionView {
  const I = r.arms.intervention;
  const C = r.arms.control;
  const rows = r.outcomes.filter((o) => o.dimension === dimension);
  const first = rows[0]!;
  const upper = `${first.upper_category.label} (score ≥ ${first.upper_category.from})`;
  const digits = rows.some((o) => [o.intervention.mean, o.control.mean].some((m) => m !== null && Math.abs(m) >= 20)) ? 0 : 2;
  const tables: ReportTableView[] = [
    {
      caption: `${first.label}: ${upper} by arm`,
      columns: ['Timepoint', `n ${I}`, `n ${C}`, `${first.upper_category.label}: ${I}`, `${first.upper_category.label}: ${C}`, 'Risk ratio (95% CI)', 'Difference, % points (95% CI)'],
      rows: rows.map((o) => [
        where(o.timepoint, o.task),
        String(o.intervention.n),
        String(o.control.n),
        rateText(o.intervention.upper),
        rateText(o.control.upper),
        estimate(o.risk_ratio),
        isEstimate(o.difference)
          ? `${signed(o.difference.value * 100, 0)} (${interval(o.difference.ci95[0] * 100, o.difference.ci95[1] * 100, 0)})`
          : `not estimable: ${o.difference.message}`,
      ]),
      notes: [
        'n (%) with Clopper–Pearson exact 95% CI. Risk ratio: intervention over control, 95% CI by the log (Katz) method. Difference: intervention minus control, Wald 95% CI.',
      ],
    },
    {
      caption: `${first.label}: mean ± SD by arm`,
      columns: ['Timepoint', `${I}: mean ± SD`, `${C}: mean ± SD`, "Hedges' g (95% CI)"],
      rows: rows.map((o) => [where(o.timepoint, o.task), meanSd(o.intervention, digits), meanSd(o.control, digits), estimate(o.hedges_g)]),
      notes: ["Hedges' g: intervention minus control, with the small-sample correction J = 1 − 3/(4(n₁+n₂) − 9)."],
    },
  ];
  const changes = r.change_from_baseline.filter((c) => c.dimension === dimension);
  if (changes.length > 0) {
    const arm = (a: (typeof changes)[number]['intervention']) =>
      a.mean === null ? `n ${a.n}` : `${signed(a.mean, digits)} ± ${a.sd === null ? '—' : a.sd.toFixed(digits)} (n ${a.n})${a.ci95 ? `; 95% CI ${interval(a.ci95[0], a.ci95[1], digits)}` : ''}`;
    tables.push({
      caption: `${first.label}: change from ${timepointLabel(r.baseline)}`,
      columns: ['Change', `${I}: mean ± SD`, `${C}: mean ± SD`],
      rows: changes.map((c) => [`${timepointLabel(c.from)} → ${where(c.to, c.task)}`, arm(c.intervention), arm(c.control)]),
      notes: ['Paired by participant; t-based 95% CI of the mean change.'],
    });
  }
  const transitions = r.transitions.filter((t) => t.dimension === dimension);
  if (transitions.length > 0) {
    const arm = (a: (typeof transitions)[number]['intervention']) => `${a.improved} / ${a.stayed} / ${a.declined} (n ${a.n})`;
    tables.push({
      caption: `${first.label}: transitions between categories`,
      columns: ['Between', `${I}: improved / stayed / declined`, `${C}: improved / stayed / declined`],
      rows: transitions.map((t) => [`${timepointLabel(t.from)} → ${where(t.to, t.task)}`, arm(t.intervention), arm(t.control)]),
      notes: ['A participant improved or declined when their category changed between the two timepoints.'],
    });
  }
  const figures: ReportFigureView[] = [];
  for (const task of r.tasks) {
    const suffix = task ? ` · ${task}` : '';
    const cells = rows.filter((o) => o.task === task);
    figures.push({
      file: `${dimension}${task ? `_${task}` : ''}_upper_category.svg`,
      title: `${first.label}: % ${first.upper_category.label} by arm across timepoints${suffix}`,
      dataUrl: svgDataUrl(upperCategoryPlotSvg(r, dimension, task)),
      description: cells.map((o) => `${timepointLabel(o.timepoint)}: ${I} ${rateText(o.intervention.upper)}; ${C} ${rateText(o.control.upper)}`),
    });
    const moves = transitions.filter((t) => t.task === task);
    figures.push({
      file: `${dimension}${task ? `_${task}` : ''}_transitions.svg`,
      title: `${first.label}: transitions between timepoints${suffix}`,
      dataUrl: svgDataUrl(transitionsPlotSvg(r, dimension, task)),
      description:
        moves.length === 0
          ? ['Only one timepoint: no transitions.']
          : moves.flatMap((t) =>
              (['intervention', 'control'] as const).map((k) => {
                const a = t[k];
                return `${timepointLabel(t.from)} → ${timepointLabel(t.to)}, ${k === 'intervention' ? I : C}: improved ${a.improved}, stayed ${a.stayed}, declined ${a.declined} of ${a.n}`;
              }),
            ),
    });
  }
  return { id: `dimension-${dimension}`, heading: `${first.label} [${dimension}]`, tables, figures };
}

function blindingSection(r: AnalysisReport): ReportSectionView {
  const b = r.blinding;
  const I = r.arms.intervention;
  const C = r.arms.control;
  if (b.guesses === 0) {
    return {
      id: 'blinding',
      heading: 'Blinding',
      tables: [{ caption: "Coders' guesses of the arm", columns: ['Guesses'], rows: [['No guesses were recorded (the study did not ask, or no coder answered).']], notes: [] }],
      figures: [],
    };
  }
  const row = (arm: 'intervention' | 'control') => [arm === 'intervention' ? I : C, String(b.table[arm].intervention), String(b.table[arm].control), String(b.table[arm].dont_know)];
  return {
    id: 'blinding',
    heading: 'Blinding',
    tables: [
      {
        caption: `Coders' guesses of the arm after submitting (${b.guesses} guesses), by the true arm`,
        columns: ['True arm', 'Guessed intervention', 'Guessed control', "Don't know"],
        rows: [row('intervention'), row('control')],
        notes: [],
      },
      {
        caption: 'Blinding indices',
        columns: ['Index', 'Estimate (95% CI)'],
        rows: [
          [`Bang's index, ${I}`, estimate(b.bang.intervention)],
          [`Bang's index, ${C}`, estimate(b.bang.control)],
          ["James' index, overall", estimate(b.james)],
          ['Timepoint guessed right', rateText(b.timepoint_correct)],
        ],
        notes: [
          "Bang et al. (2004), per arm: 0 random guessing, 1 all guesses correct, −1 all wrong. James et al. (1996), overall: 1 complete blinding, 0.5 random guessing, 0 complete unblinding; unblinding is suggested when the upper limit is below 0.5.",
        ],
      },
    ],
    figures: [],
  };
}

export function analysisView(report: AnalysisReport): AnalysisView {
  const dimensions = [...new Set(report.outcomes.map((o) => o.dimension))];
  return {
    report,
    facts: facts(report),
    sections: [completionSection(report), ...dimensions.map((d) => dimensionSection(report, d)), blindingSection(report)],
    text: renderReportText(report),
  };
}

// ---- The printed report: one self-contained HTML document (no scripts, no remote resources, its
// own CSP), the figures inline as SVG. Rendered to PDF by the host's print engine.

const escapeHtml = escapeXml;

function tableHtml(t: ReportTableView): string {
  const head = `<tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = t.rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`).join('\n');
  const notes = t.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>${notes}`;
}

function figureHtml(f: ReportFigureView): string {
  const svg = Buffer.from(f.dataUrl.slice(f.dataUrl.indexOf(',') + 1), 'base64').toString('utf8');
  return `<figure>${svg}<figcaption>${escapeHtml(f.title)}: ${f.description.map(escapeHtml).join('; ')}</figcaption></figure>`;
}

export function reportHtml(view: AnalysisView): string {
  const r = view.report;
  const title = `Blindfold analysis report — ${r.study}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    '<style>',
    '@page{size:A4;margin:14mm}body{font-family:Helvetica,Arial,sans-serif;font-size:10pt;color:#1b1f24;margin:0}',
    'h1{font-size:16pt;margin:0 0 4pt}h2{font-size:13pt;margin:16pt 0 6pt;break-after:avoid}',
    'dl{display:grid;grid-template-columns:max-content 1fr;gap:2pt 10pt}dt{font-weight:bold}dd{margin:0;overflow-wrap:anywhere}',
    'table{border-collapse:collapse;width:100%;margin:6pt 0 2pt;break-inside:avoid}caption{text-align:left;font-weight:bold;padding:2pt 0}',
    'th,td{border:1px solid #b8c0c8;padding:2pt 4pt;text-align:left;vertical-align:top}thead th{background:#eef1f5}',
    '.note{font-size:8.5pt;color:#4a5561;margin:0 0 6pt}figure{margin:8pt 0;break-inside:avoid}figure svg{max-width:100%;height:auto}',
    'figcaption{font-size:8.5pt;color:#4a5561}',
    '</style></head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Generated ${escapeHtml(r.generated_at)} (UTC)</p>`,
    `<dl>${view.facts.map((f) => `<dt>${escapeHtml(f.term)}</dt><dd>${escapeHtml(f.detail)}</dd>`).join('')}</dl>`,
    ...view.sections.map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>${s.tables.map(tableHtml).join('\n')}${s.figures.map(figureHtml).join('\n')}</section>`),
    '</body></html>',
    '',
  ].join('\n');
}
