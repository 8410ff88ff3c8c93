import { Query } from '@nestjs/cqrs';

export interface AvailabilityFilter {
  physicianId: string;
  roomId: string;
  /** Clinic dates (YYYY-MM-DD), inclusive; at most AVAILABILITY_MAX_DAYS days. */
  from: string;
  to: string;
  /** ISO instant: starts before it are not offered. */
  now: string;
  /** Candidate grid; default the slot length plus turnover. */
  stepMinutes?: number;
}

export interface Availability {
  physicianId: string;
  roomId: string;
  from: string;
  to: string;
  /** Starts where both are free for a whole slot, inside opening hours, in the clinic's offset. */
  starts: string[];
}

/**
 * Free starts for a physician and a room (GET /availability), from the reservations (confirmed or
 * not) with the domain's freeStarts. Refuses unknown resources and ranges over 92 days with the
 * domain's errors (UnknownPhysicianError, UnknownRoomError, AvailabilityRangeError, InvalidDateError).
 */
export class GetAvailabilityQuery extends Query<Availability> {
  constructor(readonly filter: AvailabilityFilter) {
    super();
  }
}
