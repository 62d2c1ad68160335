import type { Problem } from '../../../electron/common/contract';

/** Import problems as a table: where (file, row, column) and what. Nothing was imported. */
export function ProblemsTable({ problems, caption }: { problems: readonly Problem[]; caption: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="problems" role="alert">
      <table>
        <caption>
          {caption}: {problems.length} problem{problems.length === 1 ? '' : 's'} — nothing was imported.
        </caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Row</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.file ?? ''}</td>
              <td>{p.row ?? ''}</td>
              <td>{p.column ?? ''}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
