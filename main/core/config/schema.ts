import { Cron } from 'croner';
import { z } from 'zod';

/**
 * The one settings schema. The same schema validates the user's settings (electron-store or the
 * Chromium shell's settings file) and IT's policy file, so a key means the same everywhere.
 * Every section has complete defaults: an empty object is a valid configuration.
 */
const httpUrl = z.url({ protocol: /^https?$/ });

const general = z
  .object({
    whatsappUrl: httpUrl.default('https://web.whatsapp.com/').describe('The WhatsApp Web address the kiosk opens (http or https).'),
    extraAllowedOrigins: z
      .array(httpUrl)
      .default([])
      .describe("Origins besides the WhatsApp URL's own that the WhatsApp view may navigate to."),
    language: z
      .enum(['system', 'en', 'zh'])
      .default('system')
      .describe("The language of the kiosk's own pages; `system` follows the operating system."),
  })
  .strict();

const kiosk = z
  .object({
    fullscreen: z.boolean().default(false).describe('Run as a fullscreen kiosk window the agent cannot leave.'),
    seatId: z.string().min(1).max(64).default('seat').describe('Workstation id reported to the hub and in the status endpoint.'),
  })
  .strict();

const health = z
  .object({
    probeIntervalMs: z
      .int()
      .min(250)
      .max(60_000)
      .default(2_000)
      .describe('How often the probe in the WhatsApp page reports, in milliseconds.'),
    probeSilenceMs: z
      .int()
      .min(1_000)
      .max(300_000)
      .default(10_000)
      .describe('A probe that has said nothing for this long (ms) counts as a frozen page.'),
    networkProbeIntervalMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(15_000)
      .describe('How often the main process checks the network and WhatsApp over HTTP, in milliseconds.'),
    networkProbeTimeoutMs: z.int().min(250).max(60_000).default(5_000).describe('Time-out of one network probe, in milliseconds.'),
    slowResponseMs: z
      .int()
      .min(50)
      .max(60_000)
      .default(3_000)
      .describe('A WhatsApp answer slower than this (ms) counts as an unstable connection.'),
    independentProbeUrl: httpUrl
      .default('https://www.msftconnecttest.com/connecttest.txt')
      .describe('An address outside WhatsApp, to tell "our network is down" from "WhatsApp is down".'),
    failuresToDown: z.int().min(1).max(20).default(3).describe('Consecutive failing reports of one source before a fault counts as down.'),
    healthyStableMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(30_000)
      .describe('How long (ms) everything must look healthy before a down state is cleared.'),
    pendingMessageTimeoutMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(60_000)
      .describe('An outgoing message still not sent after this long (ms) means WhatsApp is down.'),
    qrTimeoutMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(45_000)
      .describe('A login QR code that does not appear within this long (ms) is a fault.'),
    loadingTimeoutMs: z.int().min(1_000).max(600_000).default(60_000).describe('WhatsApp still loading after this long (ms) is a fault.'),
    memoryLimitMb: z.int().min(1).max(64_000).default(1_500).describe("The WhatsApp page's memory (MB) above which it is reloaded."),
  })
  .strict();

const recovery = z
  .object({
    maxActionsPerWindow: z
      .int()
      .min(0)
      .max(20)
      .default(3)
      .describe('Each healing action may run at most this many times within the window.'),
    windowMs: z.int().min(1_000).max(3_600_000).default(60_000).describe('The rolling window (ms) of the healing cap.'),
  })
  .strict();

const failover = z
  .object({
    graceMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(20_000)
      .describe('Stay on WhatsApp this long (ms) after it is detected down, to let healing work.'),
    typingHoldMs: z
      .int()
      .min(0)
      .max(600_000)
      .default(15_000)
      .describe('Do not switch back while the agent typed in the failover pane this recently (ms).'),
    rtoMinutes: z.number().positive().max(10_080).default(15).describe('Recovery time objective of an incident, in minutes.'),
    mtdMinutes: z.number().positive().max(10_080).default(240).describe('Maximum tolerable downtime of an incident, in minutes.'),
  })
  .strict();

const statusEndpoint = z
  .object({
    enabled: z.boolean().default(false).describe('Serve the read-only status endpoint on the loopback address.'),
    port: z.int().min(0).max(65_535).default(17_321).describe('Port of the status endpoint (0: any free port).'),
  })
  .strict();

const contacts = z
  .object({
    defaultRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as US or CN')
      .default('US')
      .describe("Numbers written without a country code are read as this country's (ISO 3166 code, e.g. US, CN)."),
    syncIntervalMs: z
      .int()
      .min(5_000)
      .max(86_400_000)
      .default(300_000)
      .describe('How often (ms) the WhatsApp address book is read again when nothing on screen changed.'),
  })
  .strict();

const backups = z
  .object({
    schedule: z
      .string()
      .max(100)
      .refine(isCronPattern, 'a cron expression such as "0 */6 * * *"')
      .default('0 */6 * * *')
      .describe('Cron expression (minute hour day month weekday) for the scheduled database backup.'),
    keep: z.int().min(1).max(1_000).default(28).describe('How many backups to keep; older ones are deleted.'),
    dir: z.string().min(1).optional().describe('Where backups go; default `backups/` in the user-data folder.'),
    // A restore replaces the workstation's data, so IT may lock this to false in the policy.
    restoreAllowed: z.boolean().default(true).describe('Whether whoever sits at the kiosk may restore a backup from the Contacts panel.'),
  })
  .strict();

const chromium = z
  .object({
    executablePath: z.string().min(1).default('/usr/bin/chromium').describe('The Chromium binary of the Chromium shell.'),
    headless: z.boolean().default(false).describe('Run the Chromium shell without a window (tests, demos).'),
    profileDir: z
      .string()
      .min(1)
      .optional()
      .describe("WhatsApp's browser profile of the Chromium shell; default `chromium-profile/` in the user-data folder."),
  })
  .strict();

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const updates = z
  .object({
    // An MSI install is IT's to update: the updater stays off there whatever this says.
    enabled: z.boolean().default(true).describe('Whether the kiosk downloads and installs updates from the feed (never for MSI installs).'),
    feedUrl: httpUrl
      .optional()
      .describe('The IT-hosted update feed (the folder holding latest.yml and the installers); no feed, no updates.'),
    channel: z.enum(['stable', 'beta']).default('stable').describe('Which release channel of the feed to follow.'),
    pinnedVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a version such as 1.4.2')
      .optional()
      .describe('Install only this version (when the feed offers it) and nothing newer.'),
    checkIntervalMs: z
      .int()
      .min(900_000)
      .max(604_800_000)
      .default(14_400_000)
      .describe('How often (ms) the feed is asked for a new version.'),
    workingHours: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'hours such as 08:00-20:00')
      .default('08:00-20:00')
      .describe('Local hours of the working day (HH:MM-HH:MM); a downloaded update waits until they are over, or for quit.'),
    workingDays: z
      .array(z.enum(WEEKDAYS))
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Days with working hours (mon … sun); on other days an update may install whenever the seat is quiet.'),
  })
  .strict();

export const SETTINGS_SECTIONS = {
  general,
  kiosk,
  health,
  recovery,
  failover,
  statusEndpoint,
  contacts,
  backups,
  chromium,
  updates,
} as const;

type Sections = typeof SETTINGS_SECTIONS;

/** The whole configuration: every section, each filled with its defaults when absent. */
export const settingsSchema = z
  .object(mapSections((section) => section.default(() => section.parse({}))) as { [K in keyof Sections]: z.ZodDefault<Sections[K]> })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SectionName = keyof typeof SETTINGS_SECTIONS;

/**
 * A section where every key is optional and has no default: a layer must only contain what its
 * author wrote, or its filled-in defaults would override the layers below it.
 */
function optionalWithoutDefaults<T extends z.ZodRawShape>(section: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(section.shape).map(([key, field]) => {
      return [key, withoutDefault(field as z.ZodType).optional()];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<T[K]> }>;
}

/** A layer of settings where every key is optional, but every key given must be valid. */
export const partialSettingsSchema = z
  .object(
    mapSections((section) => optionalWithoutDefaults(section).optional()) as {
      [K in keyof Sections]: z.ZodOptional<ReturnType<typeof optionalWithoutDefaults<Sections[K]['shape']>>>;
    },
  )
  .strict();

export type PartialSettings = z.infer<typeof partialSettingsSchema>;

/**
 * What a layer may say about one key: its schema without the default, or undefined for a key
 * the product does not know (own properties only, so "__proto__" or "toString" are unknown too).
 */
export function settingSchema(section: string, key: string): z.ZodType | undefined {
  if (!Object.hasOwn(SETTINGS_SECTIONS, section)) return undefined;
  const shape: Record<string, z.ZodType> = SETTINGS_SECTIONS[section as SectionName].shape;
  if (!Object.hasOwn(shape, key)) return undefined;
  return withoutDefault(shape[key]!);
}

/** Builds one schema entry per section, so a new section is added in SETTINGS_SECTIONS only. */
function mapSections(build: (section: z.ZodObject<z.ZodRawShape>) => z.ZodType): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(SETTINGS_SECTIONS).map(([name, section]) => [name, build(section as z.ZodObject<z.ZodRawShape>)]),
  );
}

function withoutDefault(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
}

export function isSectionName(name: string): name is SectionName {
  return Object.hasOwn(SETTINGS_SECTIONS, name);
}

export function sectionKeys(section: SectionName): string[] {
  return Object.keys(SETTINGS_SECTIONS[section].shape);
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}
