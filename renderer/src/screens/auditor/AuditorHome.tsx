// The fidelity auditor's screens.
export function AuditorHome() {
  return (
    <main className="page">
      <h1>Fidelity audit</h1>
    </main>
  );
}
