/**
 * A stand-in for the host in component tests: a ThumbdeskClient whose operations parse their
 * input with the contract's own schemas (a screen that sends a wrong field fails as it would
 * against a real host) and answer what the test gives them. Every call is recorded, an
 * operation the test did not give rejects naming itself, and events are pushed by the test.
 */
import {
  events as eventSchemas,
  operations,
  OPERATION_NAMES,
  parseOrThrow,
  type EventName,
  type EventPayload,
  type OperationName,
  type OperationOutput,
  type ParsedInput,
} from '../../../shared/contract/index.js';
import type { ThumbdeskClient } from '../api/client.js';

/** How the test answers an operation: from the input as the host would receive it. */
export type Answers = {
  [N in OperationName]?: (
    input: ParsedInput<N>,
  ) => OperationOutput<N> | Promise<OperationOutput<N>>;
};

export interface Call {
  name: OperationName;
  input: unknown;
}

export type StandInClient = ThumbdeskClient & {
  /** Every operation called, in order, with its parsed input (as sent, if it did not parse). */
  readonly calls: Call[];
  /** The parsed inputs of every call of one operation. */
  inputsOf<N extends OperationName>(name: N): ParsedInput<N>[];
  /** Pushes an event to the screens' listeners, as a host does (payload checked by the contract). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
};

/**
 * @example
 * const api = standInClient({ cancel: () => ({ cancelled: true }) });
 * render(<ApiProvider api={api}><JobsScreen jobs={jobs} /></ApiProvider>);
 * expect(api.inputsOf('cancel')).toEqual([{ jobId: 3 }]);
 */
export function standInClient(answers: Answers): StandInClient {
  const calls: Call[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const operationsOf = Object.fromEntries(
    OPERATION_NAMES.map((name) => [
      name,
      async (raw: unknown = {}) => {
        // Recorded before parsing: a call the contract refuses was still made.
        const call: Call = { name, input: raw };
        calls.push(call);
        const input = parseOrThrow(operations[name].input, raw, name);
        call.input = input;
        const answer = answers[name] as ((input: unknown) => unknown) | undefined;
        if (!answer) throw new Error(`the stand-in client was given no answer for ${name}`);
        return operations[name].output.parse(await answer(input));
      },
    ]),
  );
  return {
    ...(operationsOf as unknown as ThumbdeskClient),
    calls,
    inputsOf: <N extends OperationName>(name: N) =>
      calls.filter((call) => call.name === name).map((call) => call.input as ParsedInput<N>),
    emit: (event, payload) => {
      const parsed: unknown = eventSchemas[event].parse(payload);
      for (const listener of listeners.get(event) ?? []) listener(parsed);
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    mediaUrl: (mediaPath) => `/media/${mediaPath}`,
    addFolder: () => Promise.reject(new Error('the stand-in client adds no folder')),
    addDropped: () => Promise.reject(new Error('the stand-in client takes no drop')),
  };
}
