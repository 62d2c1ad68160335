// The command table of `npx blindfold`. Errors go to stderr with a non-zero exit code; a user error
// (bad arguments, bad input) prints its message only, never a stack.
//
// Commands run the app's contract entries through core's one dispatch (cli/face.ts): as the study
// holder (the manager role, audited as `cli:<os user>`) when they need only the folder and, where
// the sealed key is read, the unblinding passphrase; as the user named by --as / --manager, logged
// in with auth.login, when they record someone's judgement. So roles, input validation, output
// shapes and the audit actor are the app's. These stay direct, each for a reason:
//
// - init, demo: they create a study folder; until it exists there is no study for core to open.
// - restore: it writes a backup into an empty folder, checking the file before any study exists.
// - status: it verifies the audit chain offline, and must work (and say so) when the chain is broken;
//   no entry reports the chain.
// - kappa: a bare CSV file, no study at all.
// - reliability-report, consensus-export, reliability-settings (showing), certify --preview without
//   --as: reads that by design need only the folder and no password; the app's entries for them
//   (reliability.report, .exportReport, .overview, .certify) are the reliability lead's only, and
//   the study holder is a manager — reaching them would mean a manager reading as a lead.
// - gold-scores: no entry records master scores outside a gold import; it checks the named user's
//   password and role itself (auth/users checkLogin, with the lock-out).
// - sample-sessions: its output publishes the draw's seed (for the trial's methods), which the app's
//   fidelity.sample view withholds by design, so that no screen shows what foretells later rounds.
// - analyse: it prints the analysis report's published JSON or text and writes its figures as files;
//   closeout.analysis returns the screen form and closeout.saveReport writes one PDF or text file.
// - move-to-postgres: it copies the study's file into another database and checks the copy there,
//   before any face has that study open (and with the source opened read-only).
// - serve: it is a transport, not a call: it hands every request of its clients to the same dispatch
//   (electron/server), under each client's own session.
import { CoreError } from '../common/result';
import { accountCommands } from './commands/accounts';
import { kappaCommand } from './commands/kappa';
import { analyseCommand, CLOSEOUT_USAGE, exportCommand, importRatingsCommand, lockCommand, unblindCommand } from './commands/closeout';
import {
  assignTrainingCommand,
  certifyCommand,
  consensusCommand,
  consensusExportCommand,
  goldScoresCommand,
  importGoldCommand,
  RELIABILITY_USAGES,
  reliabilityReportCommand,
  reliabilitySettingsCommand,
} from './commands/reliability';
import { assignAuditorsCommand, FIDELITY_USAGE, fidelitySummaryCommand, importSessionsCommand, sampleSessionsCommand } from './commands/fidelity';
import { assignCommand, deidentifyCommand, importAllocationCommand, importRecordingsCommand, sealCommand } from './commands/setup';
import { addUserCommand, blindingCheckCommand, demoCommand, initCommand, statusCommand } from './commands/study';
import { serveCommand, SERVE_USAGE } from './commands/serve';
import { MOVE_USAGE, moveToPostgresCommand } from './commands/postgres';
import { processIo, UsageError, type CliIo } from './io';
import { terminalPrompt } from './secrets';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  init: { run: initCommand, usage: 'init <studyDir> --name N' },
  'add-user': { run: addUserCommand, usage: 'add-user <studyDir> --name N --role manager|coder|reliability|auditor' },
  'import-allocation': {
    run: importAllocationCommand,
    usage: 'import-allocation <studyDir> <csv> [--id-column C --arm-column C --stratum-column C] [--arms a,b]',
  },
  'import-recordings': { run: importRecordingsCommand, usage: 'import-recordings <studyDir> <folder> (--manifest <csv> | --pattern P) [--leave-out <file> …]' },
  deidentify: { run: deidentifyCommand, usage: 'deidentify <studyDir> [--jobs N] [--picture WIDTHxHEIGHT@FPS | own] [--window START+LENGTH | whole] [--blinding-reason "why a picture difference cannot tell the timepoint or arm"]' },
  assign: { run: assignCommand, usage: 'assign <studyDir> --coders a,b [--double-fraction 0.2] [--seed S]' },
  seal: { run: sealCommand, usage: 'seal <studyDir>' },
  'blinding-check': { run: blindingCheckCommand, usage: 'blinding-check <studyDir> (--on --timepoints a,b,… | --off)' },
  'import-sessions': { run: importSessionsCommand, usage: FIDELITY_USAGE['import-sessions'] },
  'sample-sessions': { run: sampleSessionsCommand, usage: FIDELITY_USAGE['sample-sessions'] },
  'assign-auditors': { run: assignAuditorsCommand, usage: FIDELITY_USAGE['assign-auditors'] },
  'fidelity-summary': { run: fidelitySummaryCommand, usage: FIDELITY_USAGE['fidelity-summary'] },
  'reliability-report': { run: reliabilityReportCommand, usage: RELIABILITY_USAGES['reliability-report'] },
  consensus: { run: consensusCommand, usage: RELIABILITY_USAGES.consensus },
  'consensus-export': { run: consensusExportCommand, usage: RELIABILITY_USAGES['consensus-export'] },
  'import-gold': { run: importGoldCommand, usage: RELIABILITY_USAGES['import-gold'] },
  'gold-scores': { run: goldScoresCommand, usage: RELIABILITY_USAGES['gold-scores'] },
  'assign-training': { run: assignTrainingCommand, usage: RELIABILITY_USAGES['assign-training'] },
  certify: { run: certifyCommand, usage: RELIABILITY_USAGES.certify },
  'reliability-settings': { run: reliabilitySettingsCommand, usage: RELIABILITY_USAGES['reliability-settings'] },
  'import-ratings': { run: importRatingsCommand, usage: CLOSEOUT_USAGE['import-ratings'] },
  lock: { run: lockCommand, usage: CLOSEOUT_USAGE.lock },
  unblind: { run: unblindCommand, usage: CLOSEOUT_USAGE.unblind },
  export: { run: exportCommand, usage: CLOSEOUT_USAGE.export },
  analyse: { run: analyseCommand, usage: CLOSEOUT_USAGE.analyse },
  ...accountCommands,
  serve: { run: serveCommand, usage: SERVE_USAGE },
  'move-to-postgres': { run: moveToPostgresCommand, usage: MOVE_USAGE },
  demo: { run: demoCommand, usage: 'demo <studyDir>' },
  status: { run: statusCommand, usage: 'status <studyDir> [--json]' },
  kappa: {
    run: kappaCommand,
    usage: 'kappa <file.csv> --a <column> --b <column> [--scale MIN:MAX:STEP] [--categories scale|observed] [--cutoff X] [--json]',
  },
};

function usage(): string {
  return `Usage: blindfold <command> …\n\nCommands:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n\nSecrets come from BLINDFOLD_PASSWORD / BLINDFOLD_PASSPHRASE (BLINDFOLD_NEW_PASSPHRASE for set-passphrase)\nor a prompt, never from arguments.\n`;
}

export async function main(argv: string[], io: CliIo = { ...processIo, ...(terminalPrompt() ? { prompt: terminalPrompt()! } : {}) }): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`Unknown command "${name}".\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`blindfold ${name}: ${error.message}\nUsage: blindfold ${command.usage}\n`);
      return 2;
    }
    if (error instanceof CoreError) {
      io.stderr(`blindfold ${name}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`blindfold ${name}: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
