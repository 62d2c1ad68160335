// Child process of the crash test: opens the study through core, logs two coders in, and saves
// drafts, submits and amends ratings through dispatch in an endless loop. Each call is announced on
// stdout before it is made ("begin …") and acknowledged only after it returned ok ("ack …"); stdout
// is a pipe, which Node writes synchronously on POSIX, so an ack line is out of the process before
// the next call starts. The parent kills this process with SIGKILL at random moments.
import { createCore } from '../../../electron/core/app/core';
import type { CoderQueue } from '../../../electron/common/contract';

const [studyDir, seedText, ...credentials] = process.argv.slice(2);
if (!studyDir || !seedText || credentials.length === 0) throw new Error('usage: ratingWorker <studyDir> <seed> <name:password>…');

// mulberry32: a small seeded generator, so a failing run can be replayed from its seed.
let state = Number(seedText) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const score = (): number => 1 + Math.floor(random() * 7);

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

// An internal error goes to stderr, which the test prints when a life ends by itself.
const log = (message: string, error?: unknown) => void process.stderr.write(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
const core = createCore({ studyDir, mediaBaseUrl: 'crash://clip/', log });
const sessions = credentials.map((c, i) => ({ key: `crash-${i}`, name: c.slice(0, c.indexOf(':')), password: c.slice(c.indexOf(':') + 1) }));

async function call(key: string, name: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return (await core.invoke(key, name, input)) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** A refusal means the state after a crash confused core: the parent fails the test on it. */
function refused(r: { error?: { code: string; message: string } }): never {
  throw new Error(`call refused: ${r.error?.code} ${r.error?.message}`);
}

async function main(): Promise<void> {
  for (const s of sessions) {
    const r = await call(s.key, 'auth.login', { name: s.name, password: s.password });
    if (!r.ok) throw new Error(`login failed for ${s.name}: ${r.error?.message}`);
  }
  say('ready');
  for (let turn = 0; ; turn++) {
    const s = sessions[turn % sessions.length]!;
    const queue = (await call(s.key, 'coding.queue', {})).value as CoderQueue;
    const open = queue.items.filter((i) => i.status !== 'submitted');
    const submitted = queue.items.filter((i) => i.status === 'submitted');
    const roll = random();
    // A note unique to this call identifies what it wrote, whether or not it was acknowledged.
    const note = `${seedText}.${turn}`;
    const scores = { sensitivity: score(), non_intrusiveness: score() };
    const content = { scores, notes: {}, overallNote: note, unscorable: null };
    const tell = (stage: 'begin' | 'ack', kind: string, code: string, id = ''): void =>
      say(`${stage} ${kind} ${s.name} ${code} ${note} ${JSON.stringify(scores)}${id ? ` ${id}` : ''}`);
    if (open.length > 0 && roll < 0.4) {
      const code = pick(open).code;
      const draft = { scores: { sensitivity: scores.sensitivity, non_intrusiveness: null }, notes: {}, overallNote: note, unscorable: null };
      tell('begin', 'draft', code);
      const r = await call(s.key, 'coding.saveDraft', { code, draft, secondsSpent: turn });
      if (!r.ok) refused(r);
      tell('ack', 'draft', code);
    } else if (open.length > 0 && (roll < 0.75 || submitted.length === 0)) {
      const code = pick(open).code;
      tell('begin', 'submit', code);
      const r = await call(s.key, 'coding.submit', { code, rating: content, secondsSpent: turn });
      if (!r.ok) refused(r);
      tell('ack', 'submit', code, String((r.value as { ratingId: number }).ratingId));
    } else if (submitted.length > 0) {
      const code = pick(submitted).code;
      tell('begin', 'amend', code);
      const r = await call(s.key, 'coding.amend', { code, rating: content, reason: `second look ${note}`, secondsSpent: turn });
      if (!r.ok) refused(r);
      tell('ack', 'amend', code, String((r.value as { ratingId: number }).ratingId));
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(3);
});
