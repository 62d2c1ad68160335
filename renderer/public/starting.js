// The page the window shows while main prepares the demo study on first start. It asks main's app
// scheme how far the work has come; main loads the app itself once the study is ready.
const started = Date.now();
const step = document.getElementById('step');
const bar = document.getElementById('bar');
const counts = document.getElementById('counts');

function timeLeft(done, total) {
  if (done <= 0) return '';
  const seconds = Math.max(1, Math.round(((Date.now() - started) / done) * (total - done) / 1000));
  return seconds < 90 ? ` · about ${seconds} s left` : ` · about ${Math.round(seconds / 60)} min left`;
}

async function poll() {
  try {
    const response = await fetch('./startup-progress.json', { cache: 'no-store' });
    if (response.ok) {
      const progress = await response.json();
      step.textContent = progress.step;
      bar.max = progress.total;
      bar.value = progress.done;
      counts.textContent = `${progress.done} of ${progress.total} steps${progress.done < progress.total ? timeLeft(progress.done, progress.total) : ''}`;
    }
  } catch {
    // Main is busy or the app is about to load: the next poll tries again.
  }
  setTimeout(poll, 250);
}

poll();
