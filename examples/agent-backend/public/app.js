// The chat page: plain JavaScript, no build step. Model output is only ever set as textContent.
const $ = (id) => document.getElementById(id);
const state = { id: null, source: null };

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showError(message) {
  $('error').hidden = !message;
  $('error').textContent = message ?? '';
}

function setBusy(busy) {
  $('status').textContent = busy ? 'answering…' : '';
  $('send').disabled = busy;
}

/** Draws one message; assistant text and tool calls are keyed so a repeat replaces, never doubles. */
function render(message) {
  const list = $('messages');
  const key =
    message.role === 'assistant'
      ? `a:${message.itemId}`
      : message.role === 'tool'
        ? `c:${message.callId}`
        : null;
  let node = key === null ? null : list.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (node === null) {
    node = element('li', `msg ${message.role}`);
    if (key !== null) node.dataset.key = key;
    node.dataset.turn = message.turnId;
    list.append(node);
  }
  if (message.role === 'user' || message.role === 'assistant') node.textContent = message.text;
  else if (message.role === 'tool') node.textContent = `→ ${message.name}(${message.arguments})`;
  else node.textContent = `← ${message.output.slice(0, 300)}`;
  list.scrollTop = list.scrollHeight;
}

function appendDelta(data) {
  if (data.kind !== 'text') return;
  render({
    role: 'assistant',
    itemId: data.itemId,
    turnId: data.turnId,
    text: '' + currentText(data.itemId) + data.delta,
  });
}

function currentText(itemId) {
  const node = $('messages').querySelector(`[data-key="${CSS.escape(`a:${itemId}`)}"]`);
  return node === null ? '' : node.textContent;
}

function showApprovals(calls) {
  const box = $('approvals');
  box.replaceChildren();
  for (const call of calls) {
    const card = element('div', 'approval');
    card.append(element('p', '', `Approve ${call.name}(${call.arguments})?`));
    const approve = element('button', 'approve', 'Approve');
    const reject = element('button', 'reject', 'Reject');
    approve.type = reject.type = 'button';
    const decide = async (yes) => {
      approve.disabled = reject.disabled = true;
      try {
        await api(
          'POST',
          `/api/conversations/${state.id}/approvals/${encodeURIComponent(call.callId)}`,
          { approve: yes },
        );
        card.remove();
      } catch (error) {
        showError(error.message);
        approve.disabled = reject.disabled = false;
      }
    };
    approve.addEventListener('click', () => decide(true));
    reject.addEventListener('click', () => decide(false));
    card.append(approve, reject);
    box.append(card);
  }
}

/** Follows the answer in flight; the browser re-attaches with Last-Event-ID if the connection drops. */
function follow() {
  state.source?.close();
  setBusy(true);
  const source = new EventSource(`/api/conversations/${state.id}/events`);
  state.source = source;
  const on = (type, handler) => source.addEventListener(type, (e) => handler(JSON.parse(e.data)));
  on('turn', (data) => data.messages.forEach(render));
  on('delta', appendDelta);
  on('item.done', (data) => data.message && render(data.message));
  on('approval', (data) => showApprovals(data.calls));
  on('done', (data) => {
    source.close();
    if (state.source === source) state.source = null;
    setBusy(false);
    showError(data.error ? data.error.message : null);
    void refreshList();
  });
}

async function refreshList() {
  const { conversations } = await api('GET', '/api/conversations');
  const list = $('conversations');
  list.replaceChildren(
    ...conversations.map((c) => {
      const item = element('li');
      const button = element('button', '', c.title ?? 'New conversation');
      button.type = 'button';
      button.setAttribute('aria-current', String(c.id === state.id));
      button.addEventListener('click', () => void open(c.id));
      item.append(button);
      return item;
    }),
  );
}

async function open(id) {
  state.source?.close();
  state.source = null;
  state.id = id;
  history.replaceState(null, '', `#${id}`);
  $('messages').replaceChildren();
  $('approvals').replaceChildren();
  showError(null);
  let view;
  try {
    view = await api('GET', `/api/conversations/${encodeURIComponent(id)}`);
  } catch (error) {
    state.id = null;
    history.replaceState(null, '', '#');
    showError(error.message);
    return;
  }
  $('title').textContent = view.title ?? 'New conversation';
  $('fork').disabled = view.messages.length === 0;
  view.messages.forEach(render);
  showApprovals(view.pendingApprovals);
  showError(view.error ? view.error.message : null);
  setBusy(view.active);
  if (view.active) follow();
  await refreshList();
}

async function newConversation() {
  const { id } = await api('POST', '/api/conversations');
  await open(id);
}

$('new').addEventListener('click', () => void newConversation().catch((e) => showError(e.message)));
$('fork').addEventListener('click', async () => {
  try {
    const { id } = await api('POST', `/api/conversations/${state.id}/fork`, {});
    await open(id);
  } catch (error) {
    showError(error.message);
  }
});
$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('input').value.trim();
  if (text === '') return;
  try {
    if (state.id === null) await newConversation();
    await api('POST', `/api/conversations/${state.id}/messages`, { text });
    $('input').value = '';
    showError(null);
    $('fork').disabled = false;
    follow();
  } catch (error) {
    showError(error.message);
  }
});

const initial = location.hash.slice(1);
if (initial) void open(initial);
else void refreshList().catch((e) => showError(e.message));
document.body.dataset.ready = 'true';
