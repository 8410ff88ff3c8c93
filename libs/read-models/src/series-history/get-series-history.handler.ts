import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SeriesNotFoundError, streams } from '@app/domain';
import { EventStore, StreamDeletedError, type StoredEvent } from '@app/event-store';
import { ReadModelDatabase } from '../database/read-model-database';
import { actorOf } from '../projection/projection';
import {
  GetSeriesHistoryQuery,
  type SeriesHistory,
  type SeriesHistoryEntry,
} from './get-series-history.query';
import { SERIES_HISTORY_APPOINTMENTS, SERIES_HISTORY_STREAMS } from './series-history.projection';

const SLOT_EVENTS = new Set(['SlotReserved', 'SlotReleased']);

/**
 * Reads the series' streams from the log (the index says which) and merges them in log order.
 * Clinic-day streams are shared by every appointment of the day: only the reservations and
 * releases of this series' appointments are kept.
 */
@QueryHandler(GetSeriesHistoryQuery)
export class GetSeriesHistoryHandler implements IQueryHandler<GetSeriesHistoryQuery> {
  constructor(
    @Inject(ReadModelDatabase) private readonly db: ReadModelDatabase,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ seriesId }: GetSeriesHistoryQuery): Promise<SeriesHistory> {
    const own = streams.treatmentSeries(seriesId);
    const { others, appointments } = this.db.read(({ t, all }) => ({
      others: all<{ stream: string; from_revision: number }>(
        `SELECT stream, from_revision FROM ${t(SERIES_HISTORY_STREAMS)} WHERE series_id = ?`,
        seriesId,
      ),
      appointments: new Set(
        all<{ appointment_id: string }>(
          `SELECT appointment_id FROM ${t(SERIES_HISTORY_APPOINTMENTS)} WHERE series_id = ?`,
          seriesId,
        ).map((row) => row.appointment_id),
      ),
    }));
    const [series, ...rest] = await Promise.all([
      this.read(own, 0),
      ...others.map((row) => this.read(row.stream, row.from_revision)),
    ]);
    if (series!.length === 0) throw new SeriesNotFoundError();
    const events = [
      ...series!,
      ...rest.flat().filter((event) => {
        if (!event.stream.startsWith('ClinicDay-')) return true;
        const data = event.data as { appointmentId?: string };
        return SLOT_EVENTS.has(event.type) && appointments.has(data.appointmentId ?? '');
      }),
    ].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return { seriesId, events: events.map(entryOf) };
  }

  /** A stream from a revision on; a deleted stream (an erasure) reads as nothing. */
  private async read(stream: string, fromRevision: number): Promise<StoredEvent[]> {
    try {
      return await this.store.readStream(stream, { fromRevision: BigInt(fromRevision) });
    } catch (error) {
      if (error instanceof StreamDeletedError) return [];
      throw error;
    }
  }
}

function entryOf(event: StoredEvent): SeriesHistoryEntry {
  return {
    type: event.type,
    at: event.metadata.recordedAt,
    actor: actorOf(event),
    stream: event.stream,
    revision: Number(event.revision),
    position: event.position.toString(),
    data: event.data,
  };
}
