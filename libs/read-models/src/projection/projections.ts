import { appointmentViewProjection } from '../appointment-view/appointment-view.projection';
import { availabilityProjection } from '../availability/availability.projection';
import { patientViewProjection } from '../patient-view/patient-view.projection';
import { seriesViewProjection } from '../series-view/series-view.projection';
import type { ProjectionDefinition } from './projection';

/**
 * Every view of the API, each with its own checkpointed subscription. The appointment view also
 * serves the day schedule; the history of a series is not a view (GetSeriesHistoryHandler reads it
 * from the log).
 */
export const PROJECTIONS: readonly ProjectionDefinition[] = [
  seriesViewProjection,
  patientViewProjection,
  appointmentViewProjection,
  availabilityProjection,
];
