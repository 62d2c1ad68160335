import { call } from '../../api';

/** A path typed or chosen with the system dialog. */
export function PathField({ id, label, kind, value, onChange }: { id: string; label: string; kind: 'file' | 'folder'; value: string; onChange: (v: string) => void }) {
  const choose = async () => {
    const { path } = await call('setup.choosePath', { kind, title: label });
    if (path) onChange(path);
  };
  return (
    <div className="path-field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
        <button type="button" onClick={() => void choose()}>
          Choose…
        </button>
      </div>
    </div>
  );
}
