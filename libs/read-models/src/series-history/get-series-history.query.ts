import { Query } from '@nestjs/cqrs';

export interface SeriesHistoryEntry {
  type: string;
  /** When the store recorded it (ISO 8601). */
  at: string;
  /** Who did it (from the event's metadata); null when it carried no actor. */
  actor: { id: string; role: string } | null;
  stream: string;
  revision: number;
  /** Position in the whole log, as a decimal string (EventStoreDB positions can exceed 2^53). */
  position: string;
  data: unknown;
}

export interface SeriesHistory {
  seriesId: string;
  events: SeriesHistoryEntry[];
}

/**
 * Every event of the series, of its appointments' reminder streams and of its appointments'
 * reservations, in log order. Throws SeriesNotFoundError (404) when the series has no event.
 */
export class GetSeriesHistoryQuery extends Query<SeriesHistory> {
  constructor(readonly seriesId: string) {
    super();
  }
}
