// `npm run bench`: every bench, each printing figures against a baseline measured in the same run.
import { existsSync } from 'node:fs';
import { benchMedia } from './media';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = { media: benchMedia };
for (const name of ['kappa', 'deidentify', 'deidentifySteps', 'server', 'scale', 'player', 'engines']) {
  const file = new URL(`./${name}.ts`, import.meta.url);
  if (existsSync(file)) {
    const mod = (await import(file.href)) as Record<string, () => Promise<void>>;
    const fn = mod[`bench${name[0]!.toUpperCase()}${name.slice(1)}`];
    if (fn) benches[name] = fn;
  }
}
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  console.log(`\n== ${name} ==`);
  await run();
}
