// A synchronous PostgreSQL connection. Core is synchronous over its store (better-sqlite3 is), and
// its transactions are plain functions; rather than make every repository and core call async, the
// PostgreSQL driver (node-postgres, `pg`) runs in a worker thread holding one connection, and each
// query blocks the calling thread on Atomics.wait until the worker has the answer — the pattern of
// synckit and of esbuild's sync API. One connection per Db, so statements and transactions run in
// the order core issues them, exactly as on SQLite.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface QueryResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
}

export interface PostgresErrorFields {
  readonly message: string;
  readonly code?: string;
  readonly detail?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
}

/**
 * An error PostgreSQL (or the connection) reported, with its SQLSTATE in `code`. A constraint's
 * refusal is worded as SQLite words it ("UNIQUE constraint failed: users.name"), then
 * PostgreSQL's own text, so core and its callers read one wording whichever engine refused.
 */
export class PostgresError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  constructor(fields: PostgresErrorFields) {
    super(sqliteWording(fields));
    this.name = 'PostgresError';
    this.code = fields.code;
    this.detail = fields.detail;
    this.constraint = fields.constraint;
  }
}

function sqliteWording(e: PostgresErrorFields): string {
  const table = e.table ?? '?';
  switch (e.code) {
    case '23505': {
      const columns = /^Key \((.+?)\)=/.exec(e.detail ?? '')?.[1]?.split(', ') ?? [];
      return `UNIQUE constraint failed: ${columns.map((c) => `${table}.${c}`).join(', ') || e.constraint} (${e.message})`;
    }
    case '23514':
      return `CHECK constraint failed: ${e.constraint ?? table} (${e.message})`;
    case '23503':
      return `FOREIGN KEY constraint failed (${e.message})`;
    case '23502':
      return `NOT NULL constraint failed: ${table}.${e.column ?? '?'} (${e.message})`;
    default:
      return e.message;
  }
}

type Request =
  | { readonly op: 'query'; readonly text: string; readonly values: readonly unknown[] | null; readonly name: string | null }
  | { readonly op: 'end' };

type Reply = { readonly ok: true; readonly rows: Record<string, unknown>[]; readonly rowCount: number } | { readonly ok: false; readonly error: PostgresErrorFields };

// The worker: one pg.Client; answers each request on the reply port, then wakes the caller.
const WORKER = String.raw`
const { workerData, parentPort } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { port, signal, url } = workerData;
const flag = new Int32Array(signal);
// Numbers as SQLite gives them: bigint and numeric as JS numbers, booleans as 1/0.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
const client = new pg.Client({ connectionString: url, application_name: 'blindfold', connectionTimeoutMillis: 30000 });
let lost = null;
client.on('error', (e) => { lost = e; });
const ready = client.connect();
ready.catch(() => {}); // reported to the first request, which awaits it
// Whatever goes wrong in here must wake the caller with an error, never leave it waiting.
let current = 0; // the number of the request being answered
process.on('uncaughtException', (e) => reply({ ok: false, error: fields(e) }));
process.on('unhandledRejection', (e) => reply({ ok: false, error: fields(e) }));
function reply(message) {
  port.postMessage({ ...message, seq: current });
  Atomics.store(flag, 0, current);
  Atomics.notify(flag, 0);
}
function fields(e) {
  return { message: String(e && e.message || e), code: e && e.code, detail: e && e.detail, constraint: e && e.constraint, table: e && e.table, column: e && e.column };
}
function bytes(v) {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}
parentPort.on('message', async (request) => {
  current = request.seq;
  try {
    await ready;
    if (lost) throw lost;
    if (request.op === 'end') {
      await client.end();
      reply({ ok: true, rows: [], rowCount: 0 });
      return;
    }
    const config = request.values
      ? { text: request.text, values: request.values.map(bytes), ...(request.name ? { name: request.name } : {}) }
      : request.text;
    const result = await client.query(config);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    reply({ ok: true, rows: (last && last.rows) || [], rowCount: (last && last.rowCount) || 0 });
  } catch (e) {
    reply({ ok: false, error: fields(e) });
  }
});
`;

const requireHere = createRequire(import.meta.url);

export class SyncPostgres {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private readonly names = new Map<string, string>();
  private named = 0;
  private seq = 0;
  private closed = false;

  constructor(url: string) {
    const signal = new SharedArrayBuffer(4);
    this.flag = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { url, signal, port: port2, pgPath: requireHere.resolve('pg') },
      transferList: [port2],
    });
    // The worker must not keep a finished CLI or test process alive; close() ends it properly.
    this.worker.unref();
    port1.unref();
    this.call({ op: 'query', text: 'SELECT 1', values: null, name: null });
  }

  /** Runs one statement with values ($1, $2…), as a named prepared statement on this connection. */
  query(text: string, values: readonly unknown[]): QueryResult {
    let name = this.names.get(text);
    if (!name) {
      name = `s${++this.named}`;
      this.names.set(text, name);
    }
    try {
      return this.call({ op: 'query', text, values, name });
    } catch (error) {
      // Prepared only if the server accepted it: a refused statement gets a fresh name next time.
      this.names.delete(text);
      throw error;
    }
  }

  /** Runs SQL text without values (several statements allowed). */
  exec(text: string): QueryResult {
    return this.call({ op: 'query', text, values: null, name: null });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: 'end' });
    } finally {
      this.closed = true;
      void this.worker.terminate();
      this.port.close();
    }
  }

  private call(request: Request): QueryResult {
    if (this.closed) throw new PostgresError({ message: 'The database connection is closed', code: 'BLINDFOLD_CLOSED' });
    // Each request has its number; the worker posts the reply, then stores the number in the flag
    // and notifies. The caller waits until the flag holds *this* number — a wake-up alone proves
    // nothing, since the previous reply's notify may arrive after its flag was already seen.
    const seq = (this.seq = this.seq >= 0x7fff_ffff ? 1 : this.seq + 1);
    this.worker.postMessage({ ...request, seq });
    // Minutes, not forever: a worker that died cannot wake us, and a hung server must not hang
    // the app without a word.
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      const seen = Atomics.load(this.flag, 0);
      if (seen === seq) break;
      if (Atomics.wait(this.flag, 0, seen, 1000) === 'timed-out' && Date.now() > deadline) {
        throw new PostgresError({ message: 'PostgreSQL did not answer within 10 minutes', code: 'BLINDFOLD_TIMEOUT' });
      }
    }
    const received = receiveMessageOnPort(this.port);
    const reply = received?.message as (Reply & { readonly seq: number }) | undefined;
    if (reply?.seq !== seq) throw new PostgresError({ message: `The PostgreSQL worker answered out of turn (${reply?.seq ?? 'nothing'} for ${seq})`, code: 'BLINDFOLD_BRIDGE' });
    return this.unwrap(reply);
  }

  private unwrap(reply: Reply): QueryResult {
    if (!reply.ok) throw new PostgresError(reply.error);
    return { rows: reply.rows.map(restoreBuffers), rowCount: reply.rowCount };
  }
}

/** Structured cloning turns a Buffer (bytea) into a Uint8Array: give core the Buffer it expects. */
function restoreBuffers(row: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}
