// The wide export: one row per participant × timepoint (× task, when recordings name tasks) with a
// column per dimension holding the score that counts under the scoring rule, and its source.
// Unblinded, every randomised participant has a row at every timepoint (recorded = 0 when there is
// no recording), as an intention-to-treat analysis needs. Blinded, the unit is the clip.
import type { ColumnDoc } from './dictionary';
import type { Cell } from '../csv';
import type { ExportInput } from './exportInput';
import { countedScores } from './scoring';
import { compareKeys, type Table } from './tidy';

function dimensionColumns(input: ExportInput): ColumnDoc[] {
  return input.dimensions.flatMap((d) => [
    { name: d.id, type: 'number', description: `${d.label}: the score that counts (scoring rule), ${d.min}–${d.max} in steps of ${d.step}.` },
    { name: `${d.id}_source`, type: 'text', description: `Where ${d.id} comes from: the primary coder's latest version or a consensus.`, values: 'primary, consensus' },
  ]);
}

const CLIP_COLUMNS: readonly ColumnDoc[] = [
  { name: 'clip_code', type: 'text', description: 'Opaque code of the de-identified clip.' },
  { name: 'coder', type: 'text', description: 'The primary coder.' },
  { name: 'version', type: 'integer', description: "Latest version of the primary coder's rating (empty: not submitted)." },
  { name: 'unscorable', type: '0/1', description: "1 when the primary coder's latest version marks the clip unscorable." },
  { name: 'emergency_unblinded', type: '0/1', description: '1 when the clip was unblinded in an emergency before the lock.' },
];

export function wideTable(input: ExportInput): Table {
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
    { name: 'participant', type: 'text', description: 'Participant id (every randomised participant).' },
    { name: 'arm', type: 'text', description: 'Randomised arm, as in the allocation list.' },
    { name: 'stratum', type: 'text', description: 'Randomisation stratum, when the allocation had one.' },
    { name: 'timepoint', type: 'text', description: 'Assessment timepoint, in study order.' },
    { name: 'task', type: 'text', description: 'Recorded task, when recordings were mapped with one.' },
    { name: 'recorded', type: '0/1', description: '1 when the participant has a de-identified recording at this timepoint (and task).' },
    ...CLIP_COLUMNS,
    ...dimensionColumns(input),
  ];
  return { columns, rows };
}
