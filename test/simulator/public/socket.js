/**
 * The page's socket to the server: Server-Sent Events down, POSTs up (the server side is
 * test/simulator/sse.ts). Like WhatsApp's websocket it reconnects by itself with a capped backoff.
 */
const BACKOFF_MS = [250, 500, 1000, 2000, 3000];

export function createSocket({ clientId, loginKey, onMessage, onChange }) {
  let state = 'OPENING';
  let attempt = 0;

  function open() {
    const params = new URLSearchParams({ client: clientId });
    if (loginKey()) params.set('key', loginKey());
    const source = new EventSource(`/ws/chat?${params}`);
    source.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'hello') {
        attempt = 0;
        setState('CONNECTED');
      }
      onMessage(message);
    };
    source.onerror = () => {
      // Take over from EventSource's own retry, which would not back off.
      source.close();
      const delay = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)] * (1 + Math.random() * 0.2);
      setTimeout(open, delay);
      setState('TIMEOUT');
    };
    setState('OPENING');
  }

  function setState(next) {
    state = next;
    onChange();
  }

  async function send(frame) {
    if (state !== 'CONNECTED') throw new Error('socket not connected');
    const response = await fetch(`/ws/chat/${clientId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(frame),
    });
    if (!response.ok) throw new Error(`socket frame refused: ${response.status}`);
    return response.json();
  }

  return {
    open,
    send,
    /** OPENING during an attempt, TIMEOUT between attempts, CONNECTED once the server said hello. */
    get state() {
      return state;
    },
  };
}
