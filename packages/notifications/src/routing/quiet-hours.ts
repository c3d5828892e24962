import { DateTime } from "luxon";
import type { Person } from "../models/person";

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
}

/**
 * When the person's quiet hours end, if `now` falls inside them; undefined otherwise.
 * Read in the person's IANA time zone with Luxon, so daylight-saving changes move the
 * hours with the wall clock.
 */
export function quietHoursEnd(person: Person, now: number): Date | undefined {
  const quiet = person.preferences.quietHours;
  if (!quiet) return undefined;
  const local = DateTime.fromMillis(now, { zone: person.timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return undefined;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  let until = local.set({
    hour: Math.floor(end / 60),
    minute: end % 60,
    second: 0,
    millisecond: 0,
  });
  if (until.toMillis() <= now) until = until.plus({ days: 1 });
  return until.toJSDate();
}
