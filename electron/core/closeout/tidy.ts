// The tidy export: one row per clip × coder × dimension, every assignment included (a rating not
// submitted at the lock is a row with status "not_submitted"), with the latest version's score,
// the original score and the amendment trail, consensus when the study has it, and — unblinded —
// the participant, arm, stratum, timepoint and task from the opened key.
import type { Cell } from '../csv';
import type { ExportInput } from './exportInput';
import { countedScores, primaryAssignment } from './scoring';
import type { ColumnDoc } from './dictionary';
import { markersCell } from '../coding/markers';

const UNBLINDED_COLUMNS: readonly ColumnDoc[] = [
  { name: 'participant', type: 'text', description: 'Participant id, from the sealed key.' },
  { name: 'arm', type: 'text', description: 'Randomised arm, as in the allocation list.' },
  { name: 'stratum', type: 'text', description: 'Randomisation stratum, when the allocation had one.' },
  { name: 'timepoint', type: 'text', description: 'Assessment timepoint of the recording.' },
  { name: 'task', type: 'text', description: 'Recorded task, when recordings were mapped with one.' },
];

const COMMON_COLUMNS: readonly ColumnDoc[] = [
  { name: 'clip_code', type: 'text', description: 'Opaque code of the de-identified clip.' },
  { name: 'coder', type: 'text', description: 'User name of the coder.' },
  { name: 'purpose', type: 'text', description: 'Why the coder had the clip: "primary" (the score that counts) or "reliability" (second coding for reliability).', values: 'primary, reliability', valueLabels: [{ value: 'primary', label: 'Primary coding (counts)' }, { value: 'reliability', label: 'Second coding for reliability' }] },
  { name: 'status', type: 'text', description: 'Whether the coder submitted a rating.', values: 'submitted, not_submitted', valueLabels: [{ value: 'submitted', label: 'Submitted' }, { value: 'not_submitted', label: 'Not submitted at the lock' }] },
  { name: 'dimension', type: 'text', description: 'Rating dimension id (see Dimensions).' },
  { name: 'score', type: 'number', description: 'Score of the latest submitted version; empty when not submitted or not scored.' },
  { name: 'unscorable', type: '0/1', description: '1 when the latest version marks the clip unscorable.' },
  { name: 'unscorable_reason', type: 'text', description: 'Why the clip was unscorable.', values: 'video_quality, wrong_task, too_short, other', valueLabels: [{ value: 'video_quality', label: 'Video quality' }, { value: 'wrong_task', label: 'Wrong task' }, { value: 'too_short', label: 'Too short' }, { value: 'other', label: 'Other' }] },
  { name: 'version', type: 'integer', description: 'Latest version number (1 = never amended).' },
  { name: 'original_score', type: 'number', description: 'Score of version 1.' },
  { name: 'amendments', type: 'integer', description: 'Number of amendments (version − 1).' },
  { name: 'amendment_reasons', type: 'text', description: 'Each amendment as "vN: reason", separated by " | ".' },
  { name: 'first_submitted_at', type: 'ISO 8601 UTC', description: 'When version 1 was submitted.' },
  { name: 'submitted_at', type: 'ISO 8601 UTC', description: 'When the latest version was submitted.' },
  { name: 'seconds_spent', type: 'number', description: 'Seconds the coder spent on the clip, over all versions.' },
  { name: 'note', type: 'text', description: "The coder's note on this dimension (latest version)." },
  { name: 'overall_note', type: 'text', description: "The coder's note on the whole clip (latest version)." },
  { name: 'marker_count', type: 'integer', description: 'Markers the coder set on the clip (latest version; the same on every dimension row of the rating).' },
  {
    name: 'markers',
    type: 'text',
    label: "The coder's markers: time (frame): note, in time order",
    description: 'Each marker as "m:ss.mmm (frame N): note", in time order, separated by " | " (latest version); the time is from the start of the clip as coders saw it.',
  },
  { name: 'counts_in_analysis', type: '0/1', description: '1 when this score is the one the analysis uses under the scoring rule (0 when a consensus replaces it).' },
];

const CONSENSUS_COLUMNS: readonly ColumnDoc[] = [
  { name: 'consensus_score', type: 'number', description: 'Latest consensus score for the clip and dimension, when one was recorded (same value on every coder row of the clip).' },
  { name: 'consensus_version', type: 'integer', description: 'Version of that consensus.' },
  { name: 'consensus_reason', type: 'text', description: 'The reliability lead’s reason for the consensus.' },
  { name: 'consensus_by', type: 'text', description: 'Who recorded the consensus.' },
  { name: 'consensus_at', type: 'ISO 8601 UTC', description: 'When it was recorded.' },
];

const EMERGENCY_COLUMN: ColumnDoc = {
  name: 'emergency_unblinded',
  type: '0/1',
  description: '1 when the clip was unblinded in an emergency before the lock (see Emergency unblindings).',
};

export interface Table {
  readonly columns: readonly ColumnDoc[];
  readonly rows: readonly (readonly Cell[])[];
}

export function tidyTable(input: ExportInput): Table {
  const hasConsensus = input.consensus !== null;
  const columns = [
    ...(input.key ? UNBLINDED_COLUMNS : []),
    ...COMMON_COLUMNS,
    ...(hasConsensus ? CONSENSUS_COLUMNS : []),
    EMERGENCY_COLUMN,
  ];
  const counted = countedScores(input.work, input.consensus, input.dimensions);
  const consensus = new Map((input.consensus ?? []).map((c) => [`${c.code}\u0000${c.dimension}`, c]));
  const emergency = new Set(input.emergencies.map((e) => e.code));
  const byClip = new Map<string, typeof input.work>();
  for (const w of input.work) byClip.set(w.code, [...(byClip.get(w.code) ?? []), w]);
  const timepointRank = new Map(input.timepoints.map((t, i) => [t, i]));
  const dimensionRank = new Map(input.dimensions.map((d, i) => [d.id, i]));

  type Keyed = { sort: (string | number)[]; cells: Cell[] };
  const out: Keyed[] = [];
  for (const w of input.work) {
    const clip = input.key?.clips.get(w.code);
    const latest = w.versions[w.versions.length - 1];
    const first = w.versions[0];
    const primary = primaryAssignment(byClip.get(w.code) ?? []);
    for (const d of input.dimensions) {
      const c = consensus.get(`${w.code}\u0000${d.id}`);
      const score = latest?.scores[d.id];
      const countsHere = primary?.assignmentId === w.assignmentId && counted.get(w.code)?.scores[d.id]?.source === 'primary';
      const cells: Cell[] = [
        ...(input.key ? [clip?.participant, clip?.arm, clip?.stratum, clip?.timepoint, clip?.task] : []),
        w.code,
        w.coder,
        w.purpose,
        latest ? 'submitted' : 'not_submitted',
        d.id,
        score,
        latest ? latest.unscorable !== null : null,
        latest?.unscorable?.reason,
        latest?.version,
        first?.scores[d.id],
        latest ? latest.version - 1 : null,
        w.versions
          .filter((v) => v.amendmentReason)
          .map((v) => `v${v.version}: ${v.amendmentReason}`)
          .join(' | '),
        first?.submittedAt,
        latest?.submittedAt,
        latest ? w.versions.reduce((sum, v) => sum + (v.secondsSpent ?? 0), 0) : null,
        latest?.notes[d.id],
        latest?.overallNote,
        latest ? latest.markers.length : null,
        latest ? markersCell(latest.markers) : null,
        countsHere,
        ...(hasConsensus ? [c?.score, c?.version, c?.reason, c?.decidedBy, c?.decidedAt] : []),
        emergency.has(w.code),
      ];
      const sort = input.key
        ? [clip?.participant ?? '\uffff', timepointRank.get(clip?.timepoint ?? null) ?? 1e9, clip?.task ?? '', w.code, w.purpose === 'primary' ? 0 : 1, w.coder, dimensionRank.get(d.id) ?? 0]
        : [w.code, w.purpose === 'primary' ? 0 : 1, w.coder, dimensionRank.get(d.id) ?? 0];
      out.push({ sort, cells });
    }
  }
  out.sort((a, b) => compareKeys(a.sort, b.sort));
  return { columns, rows: out.map((o) => o.cells) };
}

const collator = new Intl.Collator('en', { numeric: true });

export function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return collator.compare(String(x ?? ''), String(y ?? ''));
  }
  return 0;
}
