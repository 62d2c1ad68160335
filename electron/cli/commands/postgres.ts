// move-to-postgres: a study's SQLite file copied whole into an empty PostgreSQL database, verified
// there (electron/core/backup/move.ts). It stays direct (cli/main.ts says why).
import { moveStudyToPostgres } from '../../core/backup/move';
import { parse } from '../args';
import { cliActor } from '../face';
import type { CliIo } from '../io';

export const MOVE_USAGE = 'move-to-postgres <studyDir> <postgresql://user@host/database> [--link]';

export async function moveToPostgresCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { link: { type: 'boolean' } }, ['studyDir', 'url']);
  const [studyDir, url] = [positionals[0]!, positionals[1]!];
  const report = await moveStudyToPostgres(studyDir, url, cliActor(), { link: values.link === true });
  const width = Math.max(...report.tables.map((t) => t.name.length));
  io.stdout(`Moved the study to ${report.database}, verified there:\n`);
  for (const t of report.tables) io.stdout(`  ${t.name.padEnd(width)}  ${t.rows} row${t.rows === 1 ? '' : 's'}\n`);
  io.stdout(`Clips: ${report.clips} (every media file re-hashed: ${report.mediaChecked} match the recorded SHA-256)\n`);
  io.stdout(`Audit log: ${report.auditEntries} entries copied, head ${report.sourceAuditHead} on both; then "study.move" recorded (head ${report.auditHead})\n`);
  io.stdout(`study.sqlite untouched (SHA-256 ${report.sourceSha256} before and after).\n`);
  if (report.linked) {
    io.stdout(`The folder now opens the PostgreSQL database (study.postgres.json); study.sqlite stays as the copy from before the move.\nServe it with: blindfold serve ${studyDir} --listen HOST:PORT --tls-cert FILE --tls-key FILE\n`);
  } else {
    io.stdout(
      `The study folder was not changed: it still opens study.sqlite. Serve the PostgreSQL copy with\n  blindfold serve ${studyDir} --database ${report.database} --listen HOST:PORT --tls-cert FILE --tls-key FILE\n(a move with --link also writes study.postgres.json, so that the folder opens PostgreSQL without --database). The password comes from PGPASSWORD or ~/.pgpass, as for psql.\n`,
    );
  }
  return 0;
}
