import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SeriesNotFoundError, streams, type TreatmentSeriesEvent } from '@app/domain';
import { EventStore, StreamDeletedError, type StoredEvent } from '@app/event-store';
import { actorOf } from '../projection/projection';
import {
  GetSeriesHistoryQuery,
  type SeriesHistory,
  type SeriesHistoryEntry,
} from './get-series-history.query';

const SLOT_EVENTS = new Set(['SlotReserved', 'SlotReleased']);

/**
 * The history of a series, straight from the log (the audit trail is served from the one source
 * of truth, never from a copy that could drift or outlive an erasure): its own stream, then the
 * streams its events name — each appointment's AppointmentReminders stream, and the clinic days
 * its appointments were reserved in and released from (BlockBooked, BlockRescheduled), of which
 * only that appointment's SlotReserved and SlotReleased are kept — merged in log order.
 */
@QueryHandler(GetSeriesHistoryQuery)
export class GetSeriesHistoryHandler implements IQueryHandler<GetSeriesHistoryQuery> {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async execute({ seriesId }: GetSeriesHistoryQuery): Promise<SeriesHistory> {
    const series = await this.read(streams.treatmentSeries(seriesId));
    if (series.length === 0) throw new SeriesNotFoundError();
    const appointments = new Set<string>();
    const days = new Set<string>();
    for (const stored of series) {
      const event = stored as unknown as TreatmentSeriesEvent;
      if (event.type === 'BlockBooked') {
        appointments.add(event.data.appointmentId);
        days.add(event.data.clinicDate);
      } else if (event.type === 'BlockRescheduled') {
        days.add(event.data.clinicDate);
        days.add(event.data.previousClinicDate);
      }
    }
    const others = await Promise.all([
      ...[...appointments].map((id) => this.read(streams.appointmentReminders(id))),
      ...[...days].map(async (day) =>
        (await this.read(streams.clinicDay(day))).filter(
          (event) =>
            SLOT_EVENTS.has(event.type) &&
            appointments.has((event.data as { appointmentId?: string }).appointmentId ?? ''),
        ),
      ),
    ]);
    const events = [...series, ...others.flat()].sort((a, b) =>
      a.position < b.position ? -1 : a.position > b.position ? 1 : 0,
    );
    return { seriesId, events: events.map(entryOf) };
  }

  /** A whole stream; a deleted stream (an erasure) reads as nothing. */
  private async read(stream: string): Promise<StoredEvent[]> {
    try {
      return await this.store.readStream(stream);
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
