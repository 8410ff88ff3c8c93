/**
 * A decider (Emmett / Jérémie Chassaing's pattern): the whole write-side behaviour of one
 * aggregate as three pure functions. `decide` throws a DomainError to refuse a command.
 * No I/O, no clock, no randomness: `now` and ids arrive inside the command.
 */
export interface Decider<Command, State, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}
