import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  AVAILABILITY_MAX_DAYS,
  AvailabilityRangeError,
  addDays,
  assertKnownResources,
  dayNumber,
  freeStarts,
  wallClockToMillis,
  type CalendarReservation,
} from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import { READ_MODELS_OPTIONS, type ReadModelsOptions } from '../read-models.options';
import { RESERVATIONS } from './availability.projection';
import { GetAvailabilityQuery, type Availability } from './get-availability.query';

const DAY_MS = 86_400_000;

@QueryHandler(GetAvailabilityQuery)
export class GetAvailabilityHandler implements IQueryHandler<GetAvailabilityQuery> {
  constructor(
    @Inject(ReadModelDatabase) private readonly db: ReadModelDatabase,
    @Inject(READ_MODELS_OPTIONS) private readonly options: ReadModelsOptions,
  ) {}

  async execute({ filter }: GetAvailabilityQuery): Promise<Availability> {
    const { calendar, policy } = this.options.clinic;
    // Refuse bad input before reading: the same errors freeStarts would raise.
    assertKnownResources(calendar, filter.physicianId, filter.roomId);
    const firstDay = dayNumber(filter.from, 'from');
    const lastDay = dayNumber(filter.to, 'to');
    if (lastDay < firstDay || lastDay - firstDay + 1 > AVAILABILITY_MAX_DAYS) {
      throw new AvailabilityRangeError(AVAILABILITY_MAX_DAYS);
    }
    // Reservations starting from a day before the range (a slot may run past midnight) to the end
    // of its last day; the domain clips to opening hours.
    const fromMs = wallClockToMillis(filter.from, '00:00', calendar.timeZone) - DAY_MS;
    const toMs = wallClockToMillis(addDays(filter.to, 1), '00:00', calendar.timeZone) + DAY_MS;
    const reservations = this.db.read(({ t, all }) => {
      const byPhysician = all<CalendarReservation>(
        `SELECT physician_id AS physicianId, room_id AS roomId, start, end FROM ${t(RESERVATIONS)}
         WHERE physician_id = ? AND start_ms >= ? AND start_ms < ?`,
        filter.physicianId,
        fromMs,
        toMs,
      );
      const byRoom = all<CalendarReservation>(
        `SELECT physician_id AS physicianId, room_id AS roomId, start, end FROM ${t(RESERVATIONS)}
         WHERE room_id = ? AND physician_id <> ? AND start_ms >= ? AND start_ms < ?`,
        filter.roomId,
        filter.physicianId,
        fromMs,
        toMs,
      );
      return byPhysician.concat(byRoom);
    });
    const starts = freeStarts(calendar, policy, reservations, {
      physicianId: filter.physicianId,
      roomId: filter.roomId,
      fromDate: filter.from,
      toDate: filter.to,
      now: filter.now,
      stepMinutes: filter.stepMinutes,
    });
    return {
      physicianId: filter.physicianId,
      roomId: filter.roomId,
      from: filter.from,
      to: filter.to,
      starts,
    };
  }
}
