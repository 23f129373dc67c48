// What the container-log and build-log routes share: how a log answer is framed.

/** Proxies and load balancers drop idle connections; a comment line keeps a quiet stream open. */
const HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();

/**
 * Opens a server-sent-event stream: a first comment (so the headers go out at once, even for a
 * quiet log) and a keep-alive comment every 15 s while `isOpen()`. Returns the timer to clear.
 */
export function openEventStream(controller: ReadableStreamDefaultController<Uint8Array>, title: string, isOpen: () => boolean): NodeJS.Timeout {
  controller.enqueue(encoder.encode(`: ${title}\n\n`));
  const heartbeat = setInterval(() => {
    if (isOpen()) controller.enqueue(encoder.encode(': keep-alive\n\n'));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return heartbeat;
}

/** The 200 answer around a log body: server-sent events, or plain text one line per log line. */
export function logResponse(body: ReadableStream<Uint8Array>, sse: boolean): Response {
  return new Response(body, {
    status: 200,
    headers: sse
      ? { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' }
      : { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' },
  });
}
