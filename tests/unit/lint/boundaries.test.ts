// The process boundaries are enforced by lint rules; prove the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it("core and db never import 'electron'", async () => {
    expect(await messages('electron/core/coding/x.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(1);
    expect(await messages('db/x.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(1);
    expect(await messages('electron/main/x.ts', "import { app } from 'electron';\nvoid app;\n")).toHaveLength(0);
  });

  it('the renderer never imports Node built-ins or native modules', async () => {
    for (const mod of ['node:fs', 'fs', 'path', 'child_process', 'better-sqlite3', 'fluent-ffmpeg', 'electron']) {
      expect(await messages('renderer/src/x.ts', `import * as m from '${mod}';\nvoid m;\n`), mod).toHaveLength(1);
    }
  });

  it('the renderer imports only electron/common, types included', async () => {
    expect(await messages('renderer/src/x.ts', "import { handlers } from '../../electron/core/app/handlers';\nvoid handlers;\n")).toHaveLength(1);
    expect(await messages('renderer/src/x.ts', "import type { PairReport } from '../../electron/core/reliability/pairReport';\nexport type X = PairReport;\n")).toHaveLength(1);
    expect(await messages('renderer/src/x.ts', "import { openDatabase } from '../../db/open';\nvoid openDatabase;\n")).toHaveLength(1);
    expect(await messages('renderer/src/x.ts', "import type { ClipView } from '../../electron/common/contract';\nexport type X = ClipView;\n")).toHaveLength(0);
    expect(await messages('renderer/src/x.ts', "import { buildApi } from '../../electron/common/api';\nvoid buildApi;\n")).toHaveLength(0);
  });

  it('db imports nothing of core or common', async () => {
    expect(await messages('db/repositories/x.ts', "import type { Role } from '../../electron/common/contract';\nexport type X = Role;\n")).toHaveLength(1);
    expect(await messages('db/repositories/x.ts', "import { utcNow } from '../../electron/core/study/study';\nvoid utcNow;\n")).toHaveLength(1);
    expect(await messages('db/repositories/x.ts', "import type { Db } from '../open';\nexport type X = Db;\n")).toHaveLength(0);
  });

  it('electron/common imports zod and itself only', async () => {
    const from = (file: string, spec: string) => messages(file, `import * as m from '${spec}';\nvoid m;\n`);
    expect(await from('electron/common/contract/x.ts', 'zod')).toHaveLength(0);
    expect(await from('electron/common/contract/x.ts', '../result')).toHaveLength(0);
    expect(await from('electron/common/contract/x.ts', './base')).toHaveLength(0);
    expect(await from('electron/common/contract.ts', './contract/coding')).toHaveLength(0);
    for (const spec of ['node:fs', 'fs', 'electron', 'papaparse', '@scope/pkg']) expect(await from('electron/common/contract/x.ts', spec), spec).not.toHaveLength(0);
    for (const spec of ['../../core/reliability/criterion', '../../db/open', '../../main/ipc']) expect(await from('electron/common/contract/x.ts', spec), spec).not.toHaveLength(0);
    expect(await from('electron/common/contract.ts', '../core/analysis/reportTypes')).not.toHaveLength(0);
  });

  it("core's areas import lower layers only: close-out above coding and the analysis, the app on top", async () => {
    const from = (file: string, spec: string) => messages(file, `import * as m from '${spec}';\nvoid m;\n`);
    expect(await from('electron/core/analysis/x.ts', '../closeout/lock')).toHaveLength(1);
    expect(await from('electron/core/analysis/stats/x.ts', '../../closeout/unblind')).toHaveLength(1);
    expect(await from('electron/core/coding/x.ts', '../closeout/lock')).toHaveLength(1);
    expect(await from('electron/core/coding/x.ts', '../setup')).toHaveLength(1);
    expect(await from('electron/core/setup/x.ts', '../analysis/report')).toHaveLength(1); // same layer: neither knows the other
    expect(await from('electron/core/auth/x.ts', '../blinding/sealedKey')).toHaveLength(1);
    expect(await from('electron/core/closeout/x.ts', '../app/core')).toHaveLength(1);
    expect(await from('electron/core/random.ts', './coding/scales')).toHaveLength(1);
    expect(await from('electron/core/closeout/x.ts', '../analysis/report')).toHaveLength(0);
    expect(await from('electron/core/closeout/x.ts', '../coding/ratings')).toHaveLength(0);
    expect(await from('electron/core/closeout/x.ts', '../csv')).toHaveLength(0);
    expect(await from('electron/core/app/handlers/x.ts', '../../closeout')).toHaveLength(0);
    expect(await from('electron/core/reliability/export/x.ts', '../study/consensus')).toHaveLength(0); // its own subfolder
    expect(await from('electron/core/media/x.ts', '../../main/window')).toHaveLength(1);
  });
});

