/**
 * A bounded in-memory event store for one session, so that a client whose SSE stream broke can resume
 * with Last-Event-ID and receive what it missed. Only the most recent events are kept: at most
 * `capacity` of them and `maxBytes` of serialized messages, so that a long session with large tool
 * results does not grow without limit.
 *
 * Event ids carry a tag of the store that issued them (`<tag>.<stream>_<seq>`): a node that rebuilt a
 * session opened elsewhere recognizes an id it never issued (the stream lives on the other node) and
 * refuses it clearly instead of resuming an empty stream.
 */
import { randomBytes } from 'node:crypto';
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';

export interface SessionEventStore extends EventStore {
  /** whether this store issued the event id (false for another node's, or a made-up one) */
  issued(eventId: string): boolean;
}

interface StoredEvent {
  id: string;
  stream: string;
  seq: number;
  message: JSONRPCMessage;
  bytes: number;
}

/**
 * The size of a message, without serializing it a second time (the transport already does): a tool
 * result is its text content twice (the text, and the same data as structuredContent); any other
 * message is small and measured exactly.
 */
function approximateSize(message: JSONRPCMessage): number {
  const content = (message as { result?: { content?: unknown } }).result?.content;
  if (!Array.isArray(content)) return JSON.stringify(message).length;
  let text = 0;
  for (const c of content as { text?: unknown; data?: unknown }[])
    text +=
      (typeof c.text === 'string' ? c.text.length : 0) + (typeof c.data === 'string' ? c.data.length : 0);
  return 2 * text + 256;
}

export function memoryEventStore(capacity = 200, maxBytes = 1024 * 1024): SessionEventStore {
  const events: StoredEvent[] = [];
  const tag = `${randomBytes(6).toString('hex')}.`;
  let seq = 0;
  let bytes = 0;
  const parse = (eventId: string) => {
    const at = eventId.lastIndexOf('_');
    return { stream: eventId.slice(tag.length, at), seq: Number(eventId.slice(at + 1)) };
  };
  return {
    issued: (eventId) => eventId.startsWith(tag),
    async storeEvent(streamId, message) {
      seq += 1;
      const id = `${tag}${streamId}_${seq}`;
      const size = approximateSize(message);
      events.push({ id, stream: streamId, seq, message, bytes: size });
      bytes += size;
      while (events.length > capacity || (bytes > maxBytes && events.length > 0))
        bytes -= events.shift()!.bytes;
      return id;
    },
    async getStreamIdForEventId(eventId) {
      return parse(eventId).stream;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const last = parse(lastEventId);
      for (const e of events) if (e.stream === last.stream && e.seq > last.seq) await send(e.id, e.message);
      return last.stream;
    },
  };
}
