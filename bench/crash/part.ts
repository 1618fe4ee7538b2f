/** One part of `npm run bench:crash`: kills a child kiosk process at random moments and counts what survived. */
export interface CrashPart {
  name: string;
  run(trials: number, log: (line: string) => void): Promise<Record<string, number | string>>;
}
