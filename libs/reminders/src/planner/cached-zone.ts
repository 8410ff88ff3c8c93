import { IANAZone } from 'luxon';
import { zoneOffsetMinutes } from '@app/domain';

/**
 * A luxon IANA zone whose offsets come from the domain's per-day cache (zoneOffsetMinutes) instead
 * of an Intl formatter on every call: the planner builds a dozen DateTimes per appointment, and each
 * asks for offsets several times. Everything else is luxon's own (names, equality, formatting).
 */
class CachedIanaZone extends IANAZone {
  override offset(ts: number): number {
    return zoneOffsetMinutes(ts, this.name);
  }
}

const zones = new Map<string, IANAZone>();

/** The cached zone for a valid IANA zone name. */
export function cachedZone(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new CachedIanaZone(name);
    zones.set(name, zone);
  }
  return zone;
}
