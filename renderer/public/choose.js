// The first screen when no study is named: main offers recent folders and trusted servers, and is
// told the choice; it answers with a problem to show here, or loads the study (../../electron/main/chooser.ts).
const message = document.getElementById('message');
const buttons = () => Array.from(document.querySelectorAll('button, input'));

function busy(on) {
  for (const b of buttons()) b.disabled = on;
  document.body.setAttribute('aria-busy', on ? 'true' : 'false');
}

async function choose(choice, waiting) {
  message.textContent = waiting;
  message.className = 'waiting';
  busy(true);
  try {
    const response = await fetch('./start/choose', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(choice) });
    const answer = await response.json();
    if (answer.ok) return; // main loads the study next
    message.textContent = answer.message;
    message.className = answer.message ? 'problem' : '';
  } catch {
    message.textContent = 'Blindfold could not take the choice. Try again.';
    message.className = 'problem';
  }
  busy(false);
}

function item(list, label, onClick) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', onClick);
  li.appendChild(button);
  list.appendChild(li);
}

document.getElementById('open-folder').addEventListener('click', () => choose({ kind: 'folder' }, 'Choose the study folder…'));
document.getElementById('open-demo').addEventListener('click', () => choose({ kind: 'demo' }, 'Opening the demo study…'));
document.getElementById('connect').addEventListener('submit', (event) => {
  event.preventDefault();
  const server = document.getElementById('server').value;
  choose({ kind: 'server', server }, `Connecting to ${server.trim()}…`);
});

fetch('./start/offer.json', { cache: 'no-store' })
  .then((r) => r.json())
  .then((offer) => {
    const recent = document.getElementById('recent');
    for (const dir of offer.recentStudies) item(recent, `Open ${dir}`, () => choose({ kind: 'recent', dir }, `Opening ${dir}…`));
    const servers = document.getElementById('servers');
    for (const origin of offer.trustedServers) item(servers, `Connect to ${origin}`, () => choose({ kind: 'server', server: origin }, `Connecting to ${origin}…`));
  })
  .catch(() => undefined);
document.getElementById('open-demo').focus();
