// The reliability lead's screens.
export function ReliabilityHome() {
  return (
    <main className="page">
      <h1>Reliability</h1>
    </main>
  );
}
