// Server-Sent Events from the API (/telemetry/stream, /alarms/stream) with the session
// cookie. EventSource reconnects by itself; the caller re-reads state on 'open' where the
// stream has no replay (the server does not support Last-Event-ID).
export interface StreamHandlers<T> {
  event: string;
  onData: (data: T) => void;
  onOpen?: () => void;
}

export function openStream<T>(path: string, h: StreamHandlers<T>): () => void {
  const es = new EventSource(path, { withCredentials: true });
  const listener = (e: MessageEvent<string>) => {
    try {
      h.onData(JSON.parse(e.data) as T);
    } catch {
      // A frame that is not JSON is not ours to show; the next one will be.
    }
  };
  es.addEventListener(h.event, listener as EventListener);
  if (h.onOpen) es.addEventListener('open', h.onOpen);
  return () => es.close();
}
