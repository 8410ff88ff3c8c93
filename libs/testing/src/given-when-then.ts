import type { Decider } from '@app/domain';

/**
 * Given/when/then for deciders (Emmett's DeciderSpecification, smaller):
 *   given(treatmentSeriesDecider, [seriesOpened(), blockBooked()])
 *     .when(checkInPatient({ escortPresent: false }))
 *     .thenThrows('escort-required');
 * `given` folds the events with evolve from initialState; `when` runs decide on that state.
 * Assertions use jest's global `expect`, so a failure shows the usual diff.
 */

type ErrorClass = abstract new (...args: never[]) => Error;

export interface DeciderWhen<State, Event> {
  /** decide returned exactly these events (deep equality, order matters). */
  then(expected: Event[]): void;
  /** decide returned no event (an idempotent retry, a no-op). */
  thenNothingHappens(): void;
  /** decide threw: a DomainError with this `code`, or an instance of this class. */
  thenThrows(expected: string | ErrorClass): void;
  /** The events decide returned, for finer assertions (throws what decide threw). */
  events(): Event[];
  /** The state after evolving the given events and the decided ones. */
  stateAfter(): State;
}

export interface DeciderGiven<Command, State, Event> {
  when(command: Command): DeciderWhen<State, Event>;
  /** The state the given events fold into. */
  readonly state: State;
}

export function given<Command, State, Event>(
  decider: Decider<Command, State, Event>,
  events: ReadonlyArray<Event> = [],
): DeciderGiven<Command, State, Event> {
  const state = events.reduce(decider.evolve, decider.initialState());
  return {
    state,
    when(command: Command): DeciderWhen<State, Event> {
      const run = () => decider.decide(command, state);
      return {
        then(expected: Event[]) {
          expect(runOrFail(run)).toEqual(expected);
        },
        thenNothingHappens() {
          expect(runOrFail(run)).toEqual([]);
        },
        thenThrows(expected: string | ErrorClass) {
          let thrown: unknown = undefined;
          let decided: Event[] | undefined;
          try {
            decided = run();
          } catch (error) {
            thrown = error;
          }
          if (thrown === undefined) {
            throw new Error(
              `Expected decide to throw ${describe(expected)}, but it returned ${JSON.stringify(decided)}`,
            );
          }
          if (typeof expected === 'string') {
            expect({ code: (thrown as { code?: unknown }).code, message: String(thrown) }).toEqual({
              code: expected,
              message: expect.any(String),
            });
          } else {
            expect(thrown).toBeInstanceOf(expected);
          }
        },
        events: run,
        stateAfter() {
          return run().reduce(decider.evolve, state);
        },
      };
    },
  };
}

function runOrFail<Event>(run: () => Event[]): Event[] {
  try {
    return run();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new Error(
      `Expected decide to return events, but it threw ${code ? `[${String(code)}] ` : ''}${String(error)}`,
    );
  }
}

function describe(expected: string | ErrorClass): string {
  return typeof expected === 'string' ? `code ${expected}` : expected.name;
}
