// The reliability lead's calls through core's dispatch, as any transport makes them: the pair
// report with its charts, re-watching through a media link, consensus, settings, training errors,
// and saving the report through the host (a stub here; Chromium prints in the e2e test).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app/core';
import { NO_HOST } from '../../../electron/core/app/host';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import type { CoderQueue, ConsensusView, PairReportView, ReliabilityOverview, ReviewClipView } from '../../../electron/common/contract';
import { createDemoStudy } from '../../../electron/core/app/demo';
import { tempDir } from '../../support/tempStudy';

let core: Core;
let cleanup: () => void;
let outDir: string;
let shared: string[];
const saveAnswers: (string | null)[] = [];
const printed: string[] = [];

async function value<T>(key: string, name: string, input: unknown): Promise<T> {
  const r = await core.invoke(key, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

const SCORES: Record<string, number[]> = { coder1: [5.5, 3, 6, 2], coder2: [4, 3, 6.5, 2] };

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  outDir = t.dir;
  const studyDir = path.join(t.dir, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
  core = createCore({
    studyDir,
    mediaBaseUrl: 'blindfold-media://clip/',
    log: () => undefined,
    host: {
      ...NO_HOST,
      chooseSavePath: async () => saveAnswers.shift() ?? null,
      renderPdf: async (html) => {
        printed.push(html);
        return Buffer.from('%PDF-1.7 stub');
      },
    },
  });
  await value('c1', 'auth.login', { name: 'coder1', password: 'demo-coder1' });
  await value('c2', 'auth.login', { name: 'coder2', password: 'demo-coder2' });
  await value('lead', 'auth.login', { name: 'lead', password: 'demo-lead' });
  const q1 = await value<CoderQueue>('c1', 'coding.queue', {});
  const q2 = await value<CoderQueue>('c2', 'coding.queue', {});
  const second = new Set(q2.items.map((i) => i.code));
  shared = q1.items.map((i) => i.code).filter((c) => second.has(c));
  for (const [key, coder] of [
    ['c1', 'coder1'],
    ['c2', 'coder2'],
  ] as const) {
    for (const [i, code] of shared.entries()) {
      const s = SCORES[coder]![i % 4]!;
      await value(key, 'coding.submit', {
        code,
        rating: { scores: { sensitivity: s, non_intrusiveness: 4 }, notes: { sensitivity: `${coder} on ${code}` }, overallNote: '', unscorable: null },
        secondsSpent: 30,
      });
    }
  }
}, 120_000);

afterAll(async () => {
  await core.close();
  cleanup();
});

const question = () => ({ a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' });

describe('the reliability lead', () => {
  it('sees the double-coded pair, the dimensions and the settings', async () => {
    expect(shared.length).toBeGreaterThanOrEqual(2);
    const overview = await value<ReliabilityOverview>('lead', 'reliability.overview', {});
    expect(overview.pairs).toEqual([{ a: 'coder1', b: 'coder2', assigned: shared.length, submitted: shared.length }]);
    expect(overview.coders).toEqual(['coder1', 'coder2']);
    expect(overview.dimensions.map((d) => d.id)).toEqual(['sensitivity', 'non_intrusiveness']);
    expect(overview.settings.criterion).toMatchObject({ weights: 'linear', threshold: 0.7 });
  });

  it('gets the report with its charts as SVG data URLs, and the notes of both coders', async () => {
    const view = await value<PairReportView>('lead', 'reliability.report', { ...question(), disagreementSize: 1 });
    expect(view.report.n).toBe(shared.length);
    for (const url of Object.values(view.charts)) {
      expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
      const svg = Buffer.from(url.split(',')[1]!, 'base64').toString('utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).not.toMatch(/ style=/);
    }
    const big = view.report.disagreements[0]!;
    expect(big).toMatchObject({ clip: shared[0], difference: 1.5, a: { note: `coder1 on ${shared[0]}` }, b: { note: `coder2 on ${shared[0]}` } });
  });

  it('refuses an impossible question with a message, not a crash', async () => {
    expect(await core.invoke('lead', 'reliability.report', { ...question(), b: { coder: 'coder1' } })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await core.invoke('lead', 'reliability.report', { ...question(), from: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await core.invoke('lead', 'reliability.report', { ...question(), a: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('re-watches a clip through a live media link that serves ranges', async () => {
    const clip = await value<ReviewClipView>('lead', 'reliability.clip', { code: shared[0] });
    expect(clip.mediaUrl).toMatch(/^blindfold-media:\/\/clip\/[A-Za-z0-9_-]{43}$/);
    expect(clip.mediaUrl).not.toContain(shared[0]);
    const response = await core.handleMedia(new Request(clip.mediaUrl, { headers: { Range: 'bytes=0-7' } }));
    expect(response.status).toBe(206);
  });

  it('records consensus versions with reasons; the ratings stay as submitted', async () => {
    const db = core.context.study.db;
    const before = db.prepare('SELECT * FROM ratings ORDER BY id').all();
    const first = await value<ConsensusView>('lead', 'reliability.recordConsensus', { clip: shared[0], dimension: 'sensitivity', score: 5, reason: 'Watched together' });
    const second = await value<ConsensusView>('lead', 'reliability.recordConsensus', { clip: shared[0], dimension: 'sensitivity', score: 4.5, reason: 'Second look' });
    expect(second).toMatchObject({ version: 2, supersedesId: first.id, decidedBy: 'lead' });
    expect(await core.invoke('lead', 'reliability.recordConsensus', { clip: shared[0], dimension: 'sensitivity', score: 4.25, reason: 'off the scale' })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    const history = await value<ConsensusView[]>('lead', 'reliability.consensusHistory', { clip: shared[0], dimension: 'sensitivity' });
    expect(history.map((h) => [h.version, h.score, h.reason])).toEqual([
      [1, 5, 'Watched together'],
      [2, 4.5, 'Second look'],
    ]);
    expect(db.prepare('SELECT * FROM ratings ORDER BY id').all()).toEqual(before);
    const view = await value<PairReportView>('lead', 'reliability.report', question());
    expect(view.report.pairs.find((p) => p.clip === shared[0])?.consensus).toMatchObject({ score: 4.5, version: 2 });
  });

  it('changes the settings (audit-logged) and refuses an inconsistent change', async () => {
    const saved = await value<{ driftBatchSize: number; criterion: { threshold: number } }>('lead', 'reliability.setSettings', {
      patch: { criterion: { threshold: 0.75 }, driftBatchSize: 5 },
    });
    expect(saved).toMatchObject({ driftBatchSize: 5, criterion: { threshold: 0.75 } });
    expect(await core.invoke('lead', 'reliability.setSettings', { patch: { driftBatchSize: 3, driftStep: 4 } })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const view = await value<PairReportView>('lead', 'reliability.report', question());
    expect(view.report.verdict.criterion.threshold).toBe(0.75);
    expect(core.context.study.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'reliability.settings'").get()).toEqual({ n: 1 });
  });

  it('explains training errors: no gold clips yet, a non-coder trainee', async () => {
    expect(await core.invoke('lead', 'reliability.assignTraining', { trainee: 'coder1' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await core.invoke('lead', 'reliability.certify', { trainee: 'lead', record: false })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const training = await value<{ goldClips: unknown[]; trainees: { name: string; assigned: number }[] }>('lead', 'reliability.training', {});
    expect(training).toEqual({
      goldClips: [],
      trainees: [
        { name: 'coder1', assigned: 0, submitted: 0, certifications: [] },
        { name: 'coder2', assigned: 0, submitted: 0, certifications: [] },
      ],
    });
  });

  it('saves the report where the lead chooses, as PDF or CSV, and nothing when cancelled', async () => {
    const pdf = path.join(outDir, 'report.pdf');
    saveAnswers.push(pdf);
    expect(await value('lead', 'reliability.exportReport', { question: question(), format: 'pdf' })).toEqual({ path: pdf });
    expect(readFileSync(pdf, 'latin1')).toBe('%PDF-1.7 stub');
    expect(printed.at(-1)).toContain('Content-Security-Policy');
    expect(printed.at(-1)).toContain('coder1 vs coder2');

    const pairs = path.join(outDir, 'pairs.csv');
    saveAnswers.push(pairs);
    await value('lead', 'reliability.exportReport', { question: question(), format: 'pairs_csv' });
    expect(readFileSync(pairs, 'utf8').split('\r\n')[0]).toBe(
      'clip,dimension,score_a,score_b,difference,mean,at,version_a,version_b,note_a,note_b,overall_note_a,overall_note_b,markers_a,markers_b,consensus_score,consensus_version,consensus_reason',
    );

    saveAnswers.push(null);
    expect(await value('lead', 'reliability.exportReport', { question: question(), format: 'csv' })).toEqual({ path: null });
    expect(existsSync(path.join(outDir, 'reliability-sensitivity-coder1-vs-coder2.csv'))).toBe(false);
    expect(verifyAuditChain(core.context.study.db).ok).toBe(true);
  });

  it('is closed to coders, who must never see each other’s notes', async () => {
    for (const name of ['reliability.overview', 'reliability.report', 'reliability.clip', 'reliability.consensusHistory', 'reliability.exportReport']) {
      expect(await core.invoke('c1', name, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});
