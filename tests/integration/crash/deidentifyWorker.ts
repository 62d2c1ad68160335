// Child process of the crash test: runs a study's pending de-identification jobs (the same
// function the CLI and the manager's screen call) and reports progress on stdout, so the parent can
// SIGKILL it — ffmpeg children included — while ffmpeg is writing.
import { unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { deidentifyPending } from '../../../electron/core/setup';
import { openStudy } from '../../../electron/core/study/study';

const [studyDir] = process.argv.slice(2);
const passphrase = process.env['BLINDFOLD_PASSPHRASE'];
if (!studyDir || !passphrase) throw new Error('usage: BLINDFOLD_PASSPHRASE=… deidentifyWorker <studyDir>');

async function main(): Promise<void> {
  const study = openStudy(studyDir!);
  const keyring = await unlockStudyKey(study.db, passphrase!);
  process.stdout.write('ready\n');
  const outcome = await deidentifyPending(study.db, keyring, study.paths.blindedMedia, 'crash-test', {
    jobs: 1,
    onProgress: (e) => process.stdout.write(`progress ${e.code} ${e.stage} ${Math.round(e.percent)}\n`),
  });
  process.stdout.write(`outcome ${JSON.stringify(outcome)}\n`);
  study.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(3);
});
