// The study server killed with SIGKILL while coders work, then started again on the same port —
// `kills` times — and what must hold afterwards: every acknowledged write is in the study exactly
// once, nothing was recorded twice, each rating's versions run 1, 2, 3 … and the audit chain is
// whole. Used by the fault test (a few kills) and the load bench (20).
import { openStudy } from '../../electron/core/study/study';
import { verifyAuditChain } from '../../electron/core/audit/chain';
import { CoderClient, type SimulatedCoder } from './coderClient';
import { startServer, type RunningServer } from './serve';

export interface FaultRunResult {
  readonly acknowledged: number;
  readonly kills: number;
  readonly problems: string[];
  readonly clients: CoderClient[];
  readonly seconds: number;
}

/**
 * Kills are placed by progress, not by the clock: kill i comes once the clients have had
 * i/(kills+1) of their amendments acknowledged (plus a few random milliseconds, so it lands
 * mid-request), so every kill falls while writes are still under way however fast the machine is.
 */
export async function runWithKills(studyDir: string, coders: readonly SimulatedCoder[], options: { kills: number; amends: number; seeks: number; earlier?: readonly CoderClient[] }): Promise<FaultRunResult> {
  const started = performance.now();
  let server: RunningServer = await startServer(studyDir);
  const port = Number(new URL(server.url).port);
  const url = server.url;
  const clients = coders.map((c) => new CoderClient(() => url, c));
  let done = false;
  const work = Promise.all(clients.map((c) => c.work({ amends: options.amends, seeks: options.seeks }))).finally(() => {
    done = true;
  });
  const amendsAcknowledged = () => clients.reduce((n, c) => n + c.acknowledged.filter((a) => a.call === 'coding.amend').length, 0);
  const step = Math.floor((coders.length * options.amends) / (options.kills + 1));
  if (step < 1) throw new Error(`${options.kills} kills need more than ${coders.length * options.amends} amendments to fall between`);
  let kills = 0;
  while (!done && kills < options.kills) {
    await new Promise((r) => setTimeout(r, 5));
    if (amendsAcknowledged() < (kills + 1) * step) continue;
    await new Promise((r) => setTimeout(r, Math.random() * 40));
    if (done) break;
    await server.stop('SIGKILL');
    kills++;
    server = await startServer(studyDir, { port });
  }
  await work.catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  await server.stop();
  return { acknowledged: clients.reduce((n, c) => n + c.acknowledged.length, 0), kills, problems: checkStudy(studyDir, [...(options.earlier ?? []), ...clients]), clients, seconds: (performance.now() - started) / 1000 };
}

export function checkStudy(studyDir: string, clients: readonly CoderClient[]): string[] {
  const study = openStudy(studyDir);
  const db = study.db;
  const problems: string[] = [];
  try {
    const rows = db
      .prepare(
        `SELECT r.id, r.version, r.amendment_reason AS reason, r.assignment_id AS assignment, c.code, u.name AS coder
           FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id`,
      )
      .all() as { id: number; version: number; reason: string | null; assignment: number; code: string; coder: string }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const reasons = new Map<string, number>();
    for (const r of rows) if (r.reason) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    for (const [reason, n] of reasons) if (n > 1) problems.push(`amendment "${reason}" recorded ${n} times`);
    for (const client of clients) {
      for (const ack of client.acknowledged) {
        const row = byId.get(ack.ratingId);
        if (!row) problems.push(`acknowledged ${ack.call} of ${ack.code} by ${ack.coder} (rating ${ack.ratingId}) is missing`);
        else if (row.code !== ack.code || row.coder !== ack.coder || (ack.reason !== null && row.reason !== ack.reason)) problems.push(`rating ${ack.ratingId} is not the write acknowledged`);
      }
    }
    const versions = new Map<number, number[]>();
    for (const r of rows) versions.set(r.assignment, [...(versions.get(r.assignment) ?? []), r.version]);
    for (const [assignment, list] of versions) {
      const sorted = [...list].sort((a, b) => a - b);
      if (sorted.some((v, i) => v !== i + 1)) problems.push(`assignment ${assignment} has versions ${sorted.join(',')}`);
    }
    const acknowledgedAmends = clients.flatMap((c) => c.acknowledged.filter((a) => a.call === 'coding.amend'));
    const recordedAmends = rows.filter((r) => r.reason?.startsWith('amendment ')).length;
    if (recordedAmends !== acknowledgedAmends.length) problems.push(`${recordedAmends} amendments recorded, ${acknowledgedAmends.length} acknowledged`);
    const chain = verifyAuditChain(db as never);
    if (!chain.ok) problems.push(`audit chain: ${JSON.stringify(chain)}`);
  } finally {
    study.close();
  }
  return problems;
}
