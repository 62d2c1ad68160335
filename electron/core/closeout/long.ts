// The long export: one row per participant × timepoint (× task, when recordings name tasks) with a
// column per dimension holding the score that counts under the scoring rule, and its source — the
// shape of a mixed model's data. Unblinded, every randomised participant has a row at every
// timepoint (recorded = 0 when there is no recording), as an intention-to-treat analysis needs.
// Blinded, the unit is the clip. The wide export (./wide.ts) pivots these rows to one per participant.
import type { ColumnDoc } from './dictionary';
import type { Cell } from '../csv';
import type { ExportInput } from './exportInput';
import { countedScores } from './scoring';
import { compareKeys, type Table } from './tidy';

export function dimensionColumns(input: ExportInput): ColumnDoc[] {
  return input.dimensions.flatMap((d) => [
    { name: d.id, type: 'number', label: d.label, description: `${d.label}: the score that counts (scoring rule), ${d.min}–${d.max} in steps of ${d.step}.` },
    {
      name: `${d.id}_source`,
      type: 'text',
      label: `Source of ${d.id}`,
      description: `Where ${d.id} comes from: the primary coder's latest version or a consensus.`,
      values: 'primary, consensus',
      valueLabels: [
        { value: 'primary', label: "Primary coder's latest version" },
        { value: 'consensus', label: 'Consensus of the reliability lead' },
      ],
    },
  ]);
}

export const CLIP_COLUMNS: readonly ColumnDoc[] = [
  { name: 'clip_code', type: 'text', label: 'Clip code', description: 'Opaque code of the de-identified clip.' },
  { name: 'coder', type: 'text', label: 'Primary coder', description: 'The primary coder.' },
  { name: 'version', type: 'integer', label: 'Version of the primary rating', description: "Latest version of the primary coder's rating (empty: not submitted)." },
  { name: 'unscorable', type: '0/1', label: 'Unscorable', description: "1 when the primary coder's latest version marks the clip unscorable." },
  { name: 'emergency_unblinded', type: '0/1', label: 'Unblinded in an emergency before the lock', description: '1 when the clip was unblinded in an emergency before the lock.' },
];

export function longTable(input: ExportInput): Table {
  const counted = countedScores(input.work, input.consensus, input.dimensions);
  const emergency = new Set(input.emergencies.map((e) => e.code));
  const clipCells = (code: string | undefined): Cell[] => {
    if (code === undefined) return [null, null, null, null, null];
    const c = counted.get(code);
    return [code, c?.primaryCoder, c?.primaryVersion, c?.submitted ? c.unscorable : null, emergency.has(code)];
  };
  const scoreCells = (code: string | undefined): Cell[] =>
    input.dimensions.flatMap((d) => {
      const s = code === undefined ? undefined : counted.get(code)?.scores[d.id];
      return [s?.score, s?.source];
    });

  if (!input.key) {
    const rows = [...input.clipCodes].sort().map((code) => [...clipCells(code), ...scoreCells(code)]);
    return { columns: [...CLIP_COLUMNS, ...dimensionColumns(input)], rows };
  }

  const key = input.key;
  const clipCodes = new Set(input.clipCodes);
  const tasks = [...new Set([...key.clips.values()].map((c) => c.task))].sort((a, b) => compareKeys([a ?? ''], [b ?? '']));
  const clipAt = new Map<string, string>();
  for (const c of key.clips.values()) {
    if (clipCodes.has(c.code)) clipAt.set(`${c.participant}\u0000${c.timepoint ?? ''}\u0000${c.task ?? ''}`, c.code);
  }
  const participants = [...key.participants.keys()].sort((a, b) => compareKeys([a], [b]));
  const rows: Cell[][] = [];
  for (const participant of participants) {
    const allocation = key.participants.get(participant);
    for (const timepoint of input.timepoints) {
      for (const task of tasks) {
        const code = clipAt.get(`${participant}\u0000${timepoint ?? ''}\u0000${task ?? ''}`);
        rows.push([participant, allocation?.arm, allocation?.stratum, timepoint, task, code !== undefined, ...clipCells(code), ...scoreCells(code)]);
      }
    }
  }
  const columns: ColumnDoc[] = [
    { name: 'participant', type: 'text', label: 'Participant id', description: 'Participant id (every randomised participant).' },
    { name: 'arm', type: 'text', label: 'Randomised arm', description: 'Randomised arm, as in the allocation list.' },
    { name: 'stratum', type: 'text', label: 'Randomisation stratum', description: 'Randomisation stratum, when the allocation had one.' },
    { name: 'timepoint', type: 'text', label: 'Timepoint', description: 'Assessment timepoint, in study order.' },
    { name: 'task', type: 'text', label: 'Task', description: 'Recorded task, when recordings were mapped with one.' },
    { name: 'recorded', type: '0/1', label: 'Recorded', description: '1 when the participant has a de-identified recording at this timepoint (and task).' },
    ...CLIP_COLUMNS,
    ...dimensionColumns(input),
  ];
  return { columns, rows };
}
