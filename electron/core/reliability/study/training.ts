// Training and certification. A trainee (a user with the coder role) is given the study's
// gold-standard clips: they appear in the trainee's own queue after the work already there, in a
// random order, and are coded like any clip. Trainees know they are training, but never see the
// master scores (those are in gold_scores, which no coder view reads). The lead then compares the
// trainee with the master — the gold standard, or a designated master coder's ratings of the same
// training clips — on each dimension, and certifies: "certified" when every dimension meets the
// study's certification criterion, otherwise "not yet". Each decision is recorded (certifications)
// and audit-logged with the numbers it rested on.
import { randomBytes } from 'node:crypto';
import { utcNow, type Db } from '../../../../db/open';
import { insertAssignment, queueOf } from '../../../../db/repositories/assignments';
import type { CertificationRow } from '../../../../db/repositories/certifications';
import { insertCertification, listCertifications } from '../../../../db/repositories/certifications';
import { listGoldClips } from '../../../../db/repositories/gold';
import { assignedClipIds } from '../../../../db/repositories/reliability';
import { findUserByName } from '../../../../db/repositories/users';
import type { RandomSource } from '../../random';
import { createSeededRandomSource, shuffle } from '../../random';
import { appendAudit } from '../../audit/chain';
import { studyDimensions } from '../../coding/dimensions';
import type {
  CertificationOutcomeView,
  CertificationVerdictView,
  DimensionCertificationView,
  PairReport,
  TrainingAssignmentView,
} from '../../../common/contract';
import { CoreError } from '../../../common/result';
import { assertStudyUnlocked } from '../../study/lockState';
import { criterionKappa, judgeKappa } from '../criterion';
import type { RaterRef } from './pairs';
import { GOLD_LABEL, reliabilityForPair } from './pairs';
import { reliabilitySettings } from './settings';

function trainee(db: Db, name: string): { id: number; name: string } {
  const user = findUserByName(db, name.trim());
  if (!user) throw new CoreError('not_found', `There is no user called "${name}"`);
  if (user.role !== 'coder') throw new CoreError('bad_input', `"${user.name}" is a ${user.role}; only coders are trained and certified`);
  return { id: user.id, name: user.name };
}

/**
 * Puts gold-standard clips (all of them, or the given codes / labels) in the trainee's queue,
 * after their current last position, shuffled.
 */
export function assignTraining(
  db: Db,
  traineeName: string,
  actor: string,
  options: { readonly clips?: readonly string[]; readonly random?: RandomSource } = {},
): TrainingAssignmentView {
  assertStudyUnlocked(db, 'assign training clips');
  const t = trainee(db, traineeName);
  const gold = listGoldClips(db);
  if (gold.length === 0) throw new CoreError('conflict', 'The study has no gold-standard clips yet');
  let chosen = gold;
  if (options.clips && options.clips.length > 0) {
    const wanted = new Set(options.clips.map((c) => c.trim()));
    chosen = gold.filter((g) => wanted.has(g.code) || wanted.has(g.label));
    const found = new Set(chosen.flatMap((g) => [g.code, g.label]));
    const unknown = [...wanted].filter((w) => !found.has(w));
    if (unknown.length > 0) throw new CoreError('bad_input', `Not gold-standard clips of this study: ${unknown.join(', ')}`);
  }
  const random = options.random ?? createSeededRandomSource(randomBytes(32), 'training assignment');
  return db.transaction(() => {
    const have = assignedClipIds(db, t.id, 'training');
    const fresh = shuffle(
      random,
      chosen.filter((g) => !have.has(g.clipId)),
    );
    const queue = queueOf(db, t.id);
    let position = queue.reduce((max, q) => Math.max(max, q.position), 0);
    const now = utcNow();
    for (const g of fresh) insertAssignment(db, { clipId: g.clipId, coderId: t.id, position: ++position, purpose: 'primary', createdAt: now });
    appendAudit(db, { actor, action: 'training.assign', detail: { trainee: t.name, clips: fresh.length } });
    return { trainee: t.name, assigned: fresh.map((g) => g.code), alreadyAssigned: chosen.length - fresh.length };
  })();
}

/** The trainee against the master on one dimension: the full two-rater report over training clips. */
export function trainingReport(db: Db, traineeName: string, dimension: string, master: RaterRef = { gold: true }): PairReport {
  const t = trainee(db, traineeName);
  return reliabilityForPair(db, { a: t.name, b: master, dimension, clips: 'training' });
}

/**
 * The trainee's agreement with the master on each dimension (default: every dimension of the
 * study) and the verdict. With `record`, the decision is written and audit-logged by `lead`.
 */
export function certifyTrainee(
  db: Db,
  traineeName: string,
  lead: string,
  options: { readonly dimensions?: readonly string[]; readonly master?: RaterRef; readonly record?: boolean } = {},
): CertificationOutcomeView {
  const t = trainee(db, traineeName);
  const master = options.master ?? { gold: true as const };
  const criterion = reliabilitySettings(db).certification;
  const ids = options.dimensions && options.dimensions.length > 0 ? options.dimensions : studyDimensions(db).map((d) => d.id);
  const dimensions = ids.map((id): DimensionCertificationView => {
    const report = trainingReport(db, t.name, id, master);
    const kappa = report.statistics.kappa[criterion.weights];
    const verdict = judgeKappa(kappa, report.n, criterion);
    // Below the minimum there is no figure to print (criterion.ts, criterionKappa): null, and why.
    const shown = criterionKappa(kappa, report.n, criterion);
    return {
      dimension: id,
      label: report.dimension.label,
      n: report.n,
      excluded: report.exclusions.unscorable + report.exclusions.missingScore,
      pending: report.exclusions.pending,
      kappa: shown.defined ? shown.value.kappa : null,
      ci95: shown.defined ? shown.value.ci95 : null,
      verdict: verdict.outcome === 'pass' ? 'certified' : 'not_yet',
      message: shown.defined ? verdict.message : `κ undefined: ${shown.message}`,
    };
  });
  const masterLabel = 'gold' in master ? GOLD_LABEL : master.coder.trim();
  const overall: CertificationVerdictView = dimensions.every((d) => d.verdict === 'certified') ? 'certified' : 'not_yet';
  const decidedAt = utcNow();
  if (options.record) {
    db.transaction(() => {
      for (const d of dimensions) {
        insertCertification(db, {
          traineeId: t.id,
          dimension: d.dimension,
          master: masterLabel,
          n: d.n,
          weights: criterion.weights,
          kappa: d.kappa,
          ciLow: d.ci95?.[0] ?? null,
          ciHigh: d.ci95?.[1] ?? null,
          threshold: criterion.threshold,
          basis: criterion.basis,
          verdict: d.verdict,
          detail: { minPairs: criterion.minPairs, excluded: d.excluded, pending: d.pending, message: d.message },
          decidedBy: lead,
          decidedAt,
        });
      }
      appendAudit(db, {
        actor: lead,
        action: 'training.certify',
        detail: {
          trainee: t.name,
          master: masterLabel,
          verdict: overall,
          criterion,
          dimensions: dimensions.map((d) => ({ dimension: d.dimension, n: d.n, kappa: d.kappa, ci95: d.ci95, verdict: d.verdict })),
        },
      });
    })();
  }
  return { trainee: t.name, master: masterLabel, verdict: overall, dimensions, criterion, recorded: options.record === true, decidedAt };
}

/** The latest recorded decision per trainee × dimension (optionally for one trainee). */
export function certificationStatus(db: Db, traineeName?: string): CertificationRow[] {
  const rows = listCertifications(db, traineeName === undefined ? undefined : trainee(db, traineeName).id);
  const latest = new Map<string, CertificationRow>();
  for (const r of rows) latest.set(`${r.traineeId}|${r.dimension}`, r);
  return [...latest.values()];
}
