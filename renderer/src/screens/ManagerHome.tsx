import { ProgressBar } from '../components/ProgressBar';
import { useCall } from '../hooks/useCall';

export function ManagerHome() {
  const [progress] = useCall('manager.progress', {});
  return (
    <main className="page">
      <h1>Study dashboard</h1>
      <h2>Clips submitted per coder</h2>
      {progress.state === 'ready' ? (
        progress.value.coders.map((c) => <ProgressBar key={c.name} done={c.done} total={c.total} label={c.name} />)
      ) : progress.state === 'error' ? (
        <p role="alert" className="error">{progress.message}</p>
      ) : null}
    </main>
  );
}
