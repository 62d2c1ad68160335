// Every SQL statement of the project lives in db/ (ARCHITECTURE.md, issue 12 point 3): nothing under
// electron/ calls `.prepare(` or `.exec(` on a database — it calls a typed repository function.
// The check reads types, not text: `/re/.exec(s)` is a regular expression and passes, while
// `db.exec(sql)` on a database handle (better-sqlite3's, or db/'s Db of either engine) fails,
// whatever the variable is called.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const SQL_METHODS = new Set(['prepare', 'exec']);

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.node.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.node.json cannot be read');
  return { ...config.options, noEmit: true, incremental: false, composite: false, tsBuildInfoFile: undefined };
}

/**
 * Whether a type is (or is a union member of) a database handle — a type declared by better-sqlite3,
 * or one of db/'s engine interface (db/engine.ts, db/postgres) — or is `any`.
 */
function isDatabaseType(type: ts.Type): boolean {
  if (type.flags & ts.TypeFlags.Any) return true;
  if (type.isUnion() || type.isIntersection()) return type.types.some(isDatabaseType);
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return (symbol?.getDeclarations() ?? []).some((d) => /[\\/]better-sqlite3[\\/]|[\\/]db[\\/](engine\.ts$|postgres[\\/])/.test(d.getSourceFile().fileName));
}

interface SqlCall {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Calls of `.prepare(` (on anything) or `.exec(` on a database handle in `files`. */
function sqlCalls(program: ts.Program, files: readonly string[]): SqlCall[] {
  const checker = program.getTypeChecker();
  const found: SqlCall[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not in the program`);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = ts.isPropertyAccessExpression(node.expression) || ts.isElementAccessExpression(node.expression) ? node.expression : undefined;
        const name = callee && (ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined);
        if (callee && name && SQL_METHODS.has(name) && (name === 'prepare' || isDatabaseType(checker.getTypeAtLocation(callee.expression)))) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          found.push({ file: path.relative(ROOT, file), line: line + 1, text: node.getText(source).split('\n')[0]!.slice(0, 100) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('all SQL in db/', () => {
  it('the check bites: .prepare( and .exec( on a database are found, a regular expression is not', () => {
    const file = path.join(ROOT, 'electron/core/__sqlInDbProbe__.ts');
    const code = [
      "import Database from 'better-sqlite3';",
      "import type { Db } from '../../db/open';",
      "const handle = new Database(':memory:');",
      "handle.exec('CREATE TABLE t (x)');",
      'export function count(db: Db): number {',
      "  return (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;",
      '}',
      "export const optional = (db?: Db): void => { db?.exec('DELETE FROM t'); };",
      "export const match = /^(\\d+)$/.exec('42');",
      'const TIME = /^\\d{2}:\\d{2}$/;',
      "export const time = TIME.exec('12:30');",
    ].join('\n');
    const options = compilerOptions();
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = ((exists) => (f: string) => f === file || exists(f))(host.fileExists.bind(host));
    host.readFile = (f) => (f === file ? code : readFile(f));
    host.getSourceFile = (f, language, onError, create) => (f === file ? ts.createSourceFile(f, code, language, true) : getSourceFile(f, language, onError, create));
    const program = ts.createProgram({ rootNames: [file], options, host });
    expect(sqlCalls(program, [file]).map((c) => c.line)).toEqual([4, 6, 8]);
  });

  it('no file under electron/ calls .prepare( or .exec( on a database', () => {
    const files = tsFilesUnder(path.join(ROOT, 'electron'));
    const program = ts.createProgram({ rootNames: files, options: compilerOptions() });
    const calls = sqlCalls(program, files);
    expect(calls.map((c) => `${c.file}:${c.line}  ${c.text}`), 'move these statements into a repository in db/repositories').toEqual([]);
  });
});
