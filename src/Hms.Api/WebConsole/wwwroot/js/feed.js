// Server-Sent Events read with fetch, so the bearer token goes in a header (EventSource cannot send one).
// Reconnects with Last-Event-ID, so the server sends what changed while the connection was down.
import { token, signOut } from './auth.js';

export function follow(path, onEvent, onState = () => {}) {
  const stop = new AbortController();
  let lastId = null;

  async function once() {
    const headers = { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' };
    if (lastId) headers['Last-Event-ID'] = lastId;
    const response = await fetch(path, { headers, signal: stop.signal, cache: 'no-store' });
    if (response.status === 401) {
      stop.abort(); // the token expired or was refused: no point reconnecting with it
      signOut('Your session ended; sign in again.');
      return;
    }
    if (!response.ok || !response.body) throw new Error(`feed answered ${response.status}`);
    onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = { type: 'message', data: [] };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.type = text;
          else if (field === 'data') event.data.push(text);
          else if (field === 'id') lastId = text;
        }
        if (event.data.length) onEvent(event.type, JSON.parse(event.data.join('\n')));
      }
    }
  }

  (async () => {
    let wait = 500;
    while (!stop.signal.aborted) {
      try {
        await once();
        wait = 500;
      } catch {
        if (stop.signal.aborted) return;
        wait = Math.min(wait * 2, 10000);
      }
      if (stop.signal.aborted) return;
      onState('reconnecting');
      await new Promise(resolve => setTimeout(resolve, wait));
    }
  })();
  return () => stop.abort();
}
