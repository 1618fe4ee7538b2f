/** One part of `npm run bench:crash`: runs its trials and returns the figures it reports. */
export interface CrashPart {
  name: string;
  run(trials: number, log: (line: string) => void): Promise<Record<string, number | string>>;
}
