// `npm run bench`: every bench but those that take long to prepare (./select), each printing
// figures against a baseline measured in the same run; `npm run bench <name>` runs one.
import { existsSync } from 'node:fs';
import { benchMedia } from './media';
import { selectBenches } from './select';

const benches: Record<string, () => Promise<void>> = { media: benchMedia };
for (const name of ['kappa', 'deidentify', 'deidentifySteps', 'server', 'scale', 'player', 'engines']) {
  const file = new URL(`./${name}.ts`, import.meta.url);
  if (existsSync(file)) {
    const mod = (await import(file.href)) as Record<string, () => Promise<void>>;
    const fn = mod[`bench${name[0]!.toUpperCase()}${name.slice(1)}`];
    if (fn) benches[name] = fn;
  }
}
const selection = selectBenches(Object.keys(benches), process.argv[2], process.env);
if (!selection.ok) {
  console.error(selection.message);
  process.exit(2);
}
for (const { name, why } of selection.skipped) console.log(`== ${name} == skipped: ${why}`);
for (const name of selection.run) {
  console.log(`\n== ${name} ==`);
  await benches[name]!();
}
