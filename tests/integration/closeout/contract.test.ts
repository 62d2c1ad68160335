// Every close-out entry through the contract (createCore, as the app and the server call it), on
// the published trial: status, a refused and a clean ratings import, a blinded export, an emergency
// unblinding, the lock, the unblinding, the analysis, the text report, an unblinded export and the
// key opened again in a new session. Each answer passes its entry's strict output schema — dispatch
// refused none of them (nothing logged "outside its declared shape"). Degenerate reports (empty
// arms, zero cells) are checked against the same schema in tests/unit/closeout/report.test.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type AnalysisView, type CallName, type CloseoutStatusView } from '../../../electron/common/contract';
import { createCore, type Core } from '../../../electron/core/app/core';
import { NO_HOST } from '../../../electron/core/app/host';
import { coreCalls } from '../../support/coreCalls';
import { tempDir } from '../../support/tempStudy';
import { ARM_C, ARM_I } from './publishedTrial';
import { buildTrialStudy, MANAGER, PASSPHRASE, type BuiltClip, type BuiltTrial } from './trialStudy';

const M = 'closeout-window';
let root: string;
let cleanup: () => void;
let core: Core;
let trial: BuiltTrial;
let saves = 0;
const logged: string[] = [];
const left = (c: BuiltClip) => c.participant === 'PX-C02' && c.timepoint === 'post' && c.scores !== null;
const { invoke, value } = coreCalls(() => core);

/** A call answered as its entry declares: ok, and its value passes the output schema. */
async function answered<T>(name: CallName, input: unknown, key = M): Promise<T> {
  const v = await value<T>(key, name, input);
  expect(contract[name].output.safeParse(v).success, name).toBe(true);
  return v;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-closeout-contract-'));
  const studyDir = path.join(root, 'study');
  trial = await buildTrialStudy(studyDir, { leaveForImport: left });
  core = createCore({
    studyDir,
    mediaBaseUrl: 'blindfold-media://clip/',
    host: { ...NO_HOST, chooseSavePath: async ({ defaultName }) => path.join(root, `${++saves}-${defaultName}`) },
    log: (message) => logged.push(message),
  });
  await value(M, 'auth.login', MANAGER);
}, 120_000);

afterAll(async () => {
  await core?.close();
  cleanup();
});

describe('the close-out entries through the contract', () => {
  it('before the lock: status, ratings imports (refused whole, then clean), a blinded export, an emergency unblinding', async () => {
    const status = await answered<CloseoutStatusView>('closeout.status', {});
    expect(status).toMatchObject({ lock: null, unblinding: null, keyOpen: false, arms: null, keyChangedSinceSeal: false });
    expect(status.unsubmitted.map((u) => u.code)).toContain(trial.exception.code);

    const bad = path.join(root, 'bad.csv');
    writeFileSync(bad, 'clip_code,coder,dimension,score,colour\nZZZZ-ZZZZ,zed,sensitivity,4,red\n');
    const refused = await answered<{ imported: null; problems: readonly { code: string }[] }>('closeout.importRatings', { path: bad });
    expect(refused.imported).toBeNull();
    expect(refused.problems.length).toBeGreaterThan(0);

    const clip = trial.clips.find(left)!;
    const good = path.join(root, 'good.csv');
    writeFileSync(
      good,
      `clip_code,coder,dimension,score,submitted_at\n${clip.code},${clip.primary},sensitivity,${clip.scores!.sensitivity},2024-03-01T10:00:00Z\n${clip.code},${clip.primary},quality,${clip.scores!.quality},2024-03-01T10:00:00Z\n`,
    );
    expect(await answered('closeout.importRatings', { path: good })).toEqual({ imported: { ratings: 1, rows: 2 }, problems: [] });

    expect(await answered('closeout.export', { layout: 'tidy', unblinded: false })).toMatchObject({ unblinded: false, layout: 'tidy' });
    const code = trial.codeOf('PX-I01', 'post');
    const reveal = await answered('closeout.emergencyUnblind', { code, password: MANAGER.password, passphrase: PASSPHRASE, reason: 'A safety concern reported by a coder' });
    expect(reveal).toMatchObject({ code, participant: 'PX-I01', arm: ARM_I, timepoint: 'post', matchesSeal: true });
  });

  it('the lock, the unblinding, the analysis and its report, an unblinded export', async () => {
    const { unsubmitted, reliability } = await answered<CloseoutStatusView>('closeout.status', {});
    expect(reliability.failing.map((f) => `${f.a}–${f.b} ${f.dimension}`)).toEqual(['ann–cem sensitivity', 'ann–cem quality']);
    expect(reliability.unresolved.length).toBeGreaterThan(0);
    const confirmedExceptions = unsubmitted.map((u) => ({ code: u.code, coder: u.coder }));
    const lock = await answered('closeout.lock', { confirmedExceptions, reliabilityReason: 'Accepted by the trial steering committee' });
    expect(lock).toMatchObject({
      lockedBy: MANAGER.name,
      exceptions: [{ code: trial.exception.code, coder: 'cem', purpose: 'reliability', kind: 'outcome' }],
      reliabilityOverride: { reason: 'Accepted by the trial steering committee', failing: reliability.failing, unresolved: reliability.unresolved },
    });
    const receipt = await answered('closeout.unblind', { password: MANAGER.password, passphrase: PASSPHRASE, reason: 'Primary analysis after the data lock' });
    expect(receipt).toMatchObject({ commitmentMatched: true, clips: trial.clips.length, randomised: { [ARM_I]: 20, [ARM_C]: 20 } });
    expect(await answered('closeout.status', {})).toMatchObject({ keyOpen: true, arms: [ARM_C, ARM_I].sort() });

    const view = await answered<AnalysisView>('closeout.analysis', { arms: [ARM_I, ARM_C] });
    expect(view.report.outcomes.length).toBeGreaterThan(0);
    expect(view.report.lock?.reliability_override).toMatchObject({ reason: 'Accepted by the trial steering committee' });
    expect(view.text).toMatch(/Reliability at the lock: LOCKED DESPITE RELIABILITY PROBLEMS\. failing the criterion: ann–cem on sensitivity/);
    expect(view.facts.find((f) => f.term === 'Reliability at the lock')?.detail).toContain('reason given: "Accepted by the trial steering committee"');
    expect(view.sections.length).toBeGreaterThan(2);
    expect(await answered('closeout.saveReport', { format: 'text', arms: [ARM_I, ARM_C] })).toMatchObject({ bytes: expect.any(Number) });
    expect(await answered('closeout.export', { layout: 'wide', unblinded: true })).toMatchObject({ unblinded: true, layout: 'wide' });
  });

  it('the key opened again for a new session', async () => {
    const again = 'closeout-window-2';
    await value(again, 'auth.login', MANAGER);
    expect(await invoke(again, 'closeout.analysis', { arms: [ARM_I, ARM_C] })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await answered('closeout.openKey', { passphrase: PASSPHRASE }, again)).toBeNull();
    await answered('closeout.analysis', { arms: [ARM_I, ARM_C] }, again);
  });

  it('dispatch refused nothing', () => {
    expect(logged.filter((m) => m.includes('outside its declared shape'))).toEqual([]);
  });
});
