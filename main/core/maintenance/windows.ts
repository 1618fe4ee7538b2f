/** A maintenance window in local time (settings `maintenance.windows`). */
export interface MaintenanceWindow {
  /** Days of the week the window starts on, 0 = Sunday. */
  days: readonly number[];
  /** HH:MM, local time. */
  start: string;
  /** HH:MM, local time; before the start, the window runs past midnight. */
  end: string;
}

/** One occurrence of a window: [start, end) in epoch milliseconds. */
export interface Occurrence {
  start: number;
  end: number;
}

/** A window starts at most once a day, so a week and a day back always finds the latest start. */
const DAYS_LOOKED_BACK = 8;

/** The occurrences of `windows` that start on the local day `dayOffset` days from `at`'s. */
function occurrencesOnDay(windows: readonly MaintenanceWindow[], at: number, dayOffset: number): Occurrence[] {
  const base = new Date(at);
  const result: Occurrence[] = [];
  for (const window of windows) {
    const [startHour, startMinute] = window.start.split(':').map(Number) as [number, number];
    const [endHour, endMinute] = window.end.split(':').map(Number) as [number, number];
    // Built from the local date, so a day stays a day (and a window its local hours) across DST changes.
    const start = new Date(base.getFullYear(), base.getMonth(), base.getDate() + dayOffset, startHour, startMinute);
    if (!window.days.includes(start.getDay())) continue;
    const overnight = endHour * 60 + endMinute <= startHour * 60 + startMinute;
    const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + (overnight ? 1 : 0), endHour, endMinute);
    result.push({ start: start.getTime(), end: end.getTime() });
  }
  return result;
}

/** The occurrence that has started most recently at `at` (running or over), null without windows. */
export function latestOccurrence(windows: readonly MaintenanceWindow[], at: number): Occurrence | null {
  let latest: Occurrence | null = null;
  for (let offset = -DAYS_LOOKED_BACK; offset <= 0; offset++) {
    for (const occurrence of occurrencesOnDay(windows, at, offset)) {
      if (occurrence.start <= at && (latest === null || occurrence.start > latest.start)) latest = occurrence;
    }
  }
  return latest;
}

/** The occurrence running at `at`, if any (overlapping windows: the one that started last). */
export function runningOccurrence(windows: readonly MaintenanceWindow[], at: number): Occurrence | null {
  let running: Occurrence | null = null;
  for (let offset = -1; offset <= 0; offset++) {
    for (const occurrence of occurrencesOnDay(windows, at, offset)) {
      if (occurrence.start <= at && at < occurrence.end && (running === null || occurrence.start > running.start)) running = occurrence;
    }
  }
  return running;
}
