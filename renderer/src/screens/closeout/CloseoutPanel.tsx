// The manager's close-out: lock, unblind, export, analysis.
export function CloseoutPanel() {
  return <p>Close-out</p>;
}
