/**
 * The envelope around every frame: requests and replies share an `id`; events have none.
 *
 *   { kind: 'request', id, type, params }
 *   { kind: 'reply', id, ok: true, result }  |  { kind: 'reply', id, ok: false, error }
 *   { kind: 'event', type, data }
 */
import * as v from 'valibot';
import { ErrorCode, type ProtocolErrorCode } from './errors';
import { TlsFailure } from './tls-failure';
import { Events, MAX_ERROR_MESSAGE, Requests, type EventType, type RequestType } from './messages';

/** `message` cut to MAX_ERROR_MESSAGE characters (an ellipsis marks the cut). */
export function boundedMessage(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message;
}

export const ErrorBody = v.object({
  code: v.picklist(Object.values(ErrorCode)),
  message: v.pipe(v.string(), v.maxLength(MAX_ERROR_MESSAGE)),
  retryable: v.boolean(),
  /** Only with TLS_UNTRUSTED: why the certificate failed, and its fingerprint. */
  tls: v.optional(TlsFailure),
});
export type ErrorBody = v.InferOutput<typeof ErrorBody>;

/** A request id: 1 to 64 printable ASCII characters without space (docs/protocol.md, Envelope). */
export const Id = v.pipe(v.string(), v.regex(/^[\x21-\x7E]{1,64}$/));

/** Whether `id` may be echoed in a reply. */
export function isValidId(id: unknown): id is string {
  return v.is(Id, id);
}

const RequestEnvelope = v.object({
  kind: v.literal('request'),
  id: Id,
  // Bounded so an unknown type can be named in the error without echoing unbounded input.
  type: v.pipe(v.string(), v.maxLength(64)),
  params: v.optional(v.unknown()),
});
const ReplyEnvelope = v.variant('ok', [
  v.object({ kind: v.literal('reply'), id: Id, ok: v.literal(true), result: v.unknown() }),
  v.object({ kind: v.literal('reply'), id: Id, ok: v.literal(false), error: ErrorBody }),
]);
const EventEnvelope = v.object({ kind: v.literal('event'), type: v.string(), data: v.unknown() });

export type Reply =
  { kind: 'reply'; id: string; ok: true; result: unknown } | { kind: 'reply'; id: string; ok: false; error: ErrorBody };

export type ParsedRequest = {
  [T in RequestType]: { kind: 'request'; id: string; type: T; params: v.InferOutput<(typeof Requests)[T]['params']> };
}[RequestType];

export type ParsedEvent = {
  [T in EventType]: { kind: 'event'; type: T; data: v.InferOutput<(typeof Events)[T]> };
}[EventType];

export type ParseOutcome<T> =
  { ok: true; value: T } | { ok: false; id?: string; code: ProtocolErrorCode; message: string };

/** What kind of value was sent, never the value itself. */
function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/**
 * Why a frame was rejected, naming the fields and the types they need but never a value that was
 * sent. valibot's own messages quote the received value ("Expected string but received
 * 12345678"), and a request with a mistyped password would put the password into the bridge's
 * log and back over the wire (docs/architecture.md: secrets never enter logs).
 */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) =>
      // A `check` carries a fixed message of ours (model.ts), never the value; valibot's own
      // messages for other checks quote the value, so those get the generic form.
      i.type === 'check'
        ? `${v.getDotPath(i) ?? '(root)'}: expected ${i.message}`
        : `${v.getDotPath(i) ?? '(root)'}: expected ${i.expected ?? i.type}, got ${kindOf(i.input)}`,
    )
    .join('; ');
}

function isRequestType(type: string): type is RequestType {
  return Object.hasOwn(Requests, type);
}

function isEventType(type: string): type is EventType {
  return Object.hasOwn(Events, type);
}

/** Bridge side: validate an incoming request frame (already JSON-parsed). */
export function parseRequest(raw: unknown): ParseOutcome<ParsedRequest> {
  const env = v.safeParse(RequestEnvelope, raw);
  if (!env.success) {
    // An id is echoed only when it is one the reply schema accepts; else there is nothing to
    // reply to and the caller sends a `protocol.error` event.
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = isValidId(rawId) ? rawId : undefined;
    return { ok: false, id, code: ErrorCode.BadRequest, message: describeIssues(env.issues) };
  }
  const { id, type } = env.output;
  if (!isRequestType(type)) {
    return { ok: false, id, code: ErrorCode.UnknownType, message: `unknown request type "${type}"` };
  }
  const params = v.safeParse(Requests[type].params, env.output.params ?? {});
  if (!params.success) {
    return { ok: false, id, code: ErrorCode.BadRequest, message: `${type}: ${describeIssues(params.issues)}` };
  }
  return { ok: true, value: { kind: 'request', id, type, params: params.output } as ParsedRequest };
}

/** Extension side: validate a reply envelope (its result is checked against the request type). */
export function parseReply(raw: unknown): ParseOutcome<Reply> {
  const env = v.safeParse(ReplyEnvelope, raw);
  if (!env.success) return { ok: false, code: ErrorCode.BadRequest, message: describeIssues(env.issues) };
  return { ok: true, value: env.output as Reply };
}

/** Extension side: validate the result of a successful reply for its request type. */
export function parseResult<T extends RequestType>(
  type: T,
  result: unknown,
): ParseOutcome<v.InferOutput<(typeof Requests)[T]['result']>> {
  const parsed = v.safeParse(Requests[type].result, result);
  if (!parsed.success) {
    return { ok: false, code: ErrorCode.BadRequest, message: `${type} result: ${describeIssues(parsed.issues)}` };
  }
  return { ok: true, value: parsed.output as v.InferOutput<(typeof Requests)[T]['result']> };
}

/** Extension side: validate a pushed event. */
export function parseEvent(raw: unknown): ParseOutcome<ParsedEvent> {
  const env = v.safeParse(EventEnvelope, raw);
  if (!env.success) return { ok: false, code: ErrorCode.BadRequest, message: describeIssues(env.issues) };
  const { type } = env.output;
  if (!isEventType(type)) return { ok: false, code: ErrorCode.UnknownType, message: `unknown event "${type}"` };
  const data = v.safeParse(Events[type], env.output.data);
  if (!data.success) {
    return { ok: false, code: ErrorCode.BadRequest, message: `${type}: ${describeIssues(data.issues)}` };
  }
  return { ok: true, value: { kind: 'event', type, data: data.output } as ParsedEvent };
}

/** Which kind of frame this is, for routing on the extension side. */
export function frameKind(raw: unknown): 'reply' | 'event' | 'request' | undefined {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  return kind === 'reply' || kind === 'event' || kind === 'request' ? kind : undefined;
}
