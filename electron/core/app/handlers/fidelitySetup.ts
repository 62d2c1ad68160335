// Handlers of the manager's fidelity set-up entries: the app's face over what the CLI's
// import-sessions, sample-sessions and assign-auditors do, through the same core/fidelity functions.
// Like the study set-up (./setup), they use the key the manager opened in the Set-up tab, report
// long work to the task board (followed with setup.progress, stopped with setup.cancel) and return
// import problems as data. Everything named here goes to the manager only (contract roles).
import type { Keyring } from '../../blinding/sealedKey';
import type { FidelitySampleView, FidelitySetupStatus, ParsedInput } from '../../../common/contract';
import {
  assignAuditors,
  deidentifySampledSessions,
  drawSessionSample,
  importSessions,
  parseSessionsManifest,
  previewSessions,
  sampleState,
  type SampleState,
  type SessionImportProblem,
  type SessionsMapping,
} from '../../fidelity';
import { CoreError } from '../../../common/result';
import { listUsers } from '../../../../db/repositories/users';
import { sampledSessions, samplingRounds } from '../../../../db/repositories/fidelity';
import { countSealed } from '../../../../db/repositories/sealed';
import { setupCounts } from '../../../../db/repositories/setupStatus';
import { keyringOf, must, type Caller, type CoreContext, type HandlerGroup } from './context';
import { progress, readFileOrFail, withTask } from './setup';

type FidelitySetupCalls =
  | 'fidelity.setupStatus'
  | 'fidelity.previewSessions'
  | 'fidelity.importSessions'
  | 'fidelity.sample'
  | 'fidelity.deidentify'
  | 'fidelity.assignAuditors';

type MappingInput = ParsedInput<'fidelity.importSessions'>['mapping'];

/** The key opened in the Set-up tab; the fidelity set-up reads and writes it but does not open it. */
function setupKey(ctx: CoreContext, caller: Caller): Keyring {
  try {
    return keyringOf(ctx, caller);
  } catch (error) {
    if (error instanceof CoreError && error.code === 'locked') {
      throw new CoreError('locked', 'Open the sealed key in the Set-up tab first (with the unblinding passphrase): the fidelity set-up reads and writes it');
    }
    throw error;
  }
}

async function toMapping(input: MappingInput): Promise<{ mapping: SessionsMapping | null; problems: readonly SessionImportProblem[] }> {
  if (input.kind === 'pattern') return { mapping: { kind: 'pattern', pattern: input.pattern }, problems: [] };
  const columns = Object.fromEntries(Object.entries(input.columns ?? {}).filter(([, v]) => v !== undefined));
  const parsed = parseSessionsManifest(await readFileOrFail(input.manifestPath), columns);
  return parsed.ok ? { mapping: { kind: 'manifest', manifest: parsed.rows }, problems: [] } : { mapping: null, problems: parsed.problems };
}

/** The sample as the manager's view shows it. The seed stays sealed: it would let anyone who sees it foresee later rounds. */
function sampleView(state: SampleState): FidelitySampleView {
  return {
    drawnRound: state.drawnRound,
    rounds: state.rounds,
    fraction: state.fraction,
    stratifiedBy: state.stratifiedBy,
    rule: state.rule,
    commitment: state.commitment,
    sessions: state.sessions,
    picked: state.picked,
    strata: state.strata,
  };
}

export const fidelitySetupHandlers: HandlerGroup<FidelitySetupCalls> = {
  'fidelity.setupStatus': (ctx, caller): FidelitySetupStatus => {
    const db = ctx.study.db;
    const keyring = ctx.keyrings.get(caller.sessionKey);
    const rounds = samplingRounds(db);
    const last = rounds[rounds.length - 1];
    const { jobs, clips, assigned } = setupCounts(db, 'session');
    const state = keyring ? sampleState(db, keyring) : null;
    return {
      unlocked: keyring !== undefined,
      // As the summary counts them (core/fidelity/report): sealed entries by kind, no key needed.
      sessions: countSealed(db, 'session_recording'),
      rounds: rounds.length,
      fraction: last?.fraction ?? null,
      stratifiedBy: last?.stratifiedBy ?? null,
      rule: last?.rule ?? null,
      sampled: sampledSessions(db).length,
      audio: { pending: jobs.pending, done: jobs.done, failed: jobs.failed },
      assigned,
      unassigned: clips - assigned,
      auditors: listUsers(db, 'auditor')
        .filter((u) => !u.disabledAt)
        .map((u) => u.name),
      sample: state && state.rounds > 0 ? sampleView(state) : null,
    };
  },
  'fidelity.previewSessions': async (ctx, caller, input) => {
    const keyring = setupKey(ctx, caller);
    const { mapping, problems } = await toMapping(input.mapping);
    if (!mapping) return { imported: null, problems };
    const preview = await withTask(ctx, caller, 'Checking session recordings', () => previewSessions(ctx.study.db, keyring, input.folder, mapping, progress(ctx, caller)));
    return {
      imported: preview.preview.map((p) => ({
        file: p.file,
        clinician: p.clinician,
        family: p.family,
        sessionNumber: p.sessionNumber,
        date: p.date,
        durationSeconds: p.media?.durationSeconds ?? null,
        streams: p.media ? (p.media.video ? 'video and audio' : 'audio') : null,
      })),
      problems: preview.problems,
    };
  },
  'fidelity.importSessions': async (ctx, caller, input) => {
    const keyring = setupKey(ctx, caller);
    const { mapping, problems } = await toMapping(input.mapping);
    if (!mapping) return { imported: null, problems };
    const outcome = await withTask(ctx, caller, 'Importing session recordings', () =>
      importSessions(ctx.study.db, keyring, input.folder, mapping, must(caller).name, progress(ctx, caller)),
    );
    return outcome.ok ? { imported: outcome.value, problems: [] } : { imported: null, problems: outcome.problems };
  },
  'fidelity.sample': (ctx, caller, input) =>
    sampleView(
      drawSessionSample(
        ctx.study.db,
        setupKey(ctx, caller),
        {
          ...(input.fraction === undefined ? {} : { fraction: input.fraction }),
          ...(input.seed === undefined ? {} : { seed: input.seed }),
          ...(input.bySessionNumber === undefined ? {} : { stratifyBySessionNumber: input.bySessionNumber }),
        },
        must(caller).name,
      ),
    ),
  'fidelity.deidentify': (ctx, caller, input) => {
    const keyring = setupKey(ctx, caller);
    return withTask(ctx, caller, 'De-identifying sessions', (signal) =>
      deidentifySampledSessions(ctx.study.db, keyring, ctx.study.paths.blindedMedia, must(caller).name, {
        ...(input.jobs ? { jobs: input.jobs } : {}),
        signal,
        onProgress: (e) => ctx.tasks.update(caller.sessionKey, { done: Math.round(e.overall), total: 100, items: { [e.code]: e.percent } }),
      }),
    );
  },
  'fidelity.assignAuditors': (ctx, caller, input) =>
    assignAuditors(
      ctx.study.db,
      setupKey(ctx, caller),
      {
        auditors: input.auditors,
        ...(input.doubleFraction === undefined ? {} : { doubleFraction: input.doubleFraction }),
        ...(input.seed ? { seed: input.seed } : {}),
      },
      must(caller).name,
    ),
};
