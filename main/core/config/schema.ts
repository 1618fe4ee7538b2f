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
    whatsappUrl: httpUrl.default('https://web.whatsapp.com/'),
    /** Origins besides the WhatsApp URL's own that the WhatsApp view may navigate to. */
    extraAllowedOrigins: z.array(httpUrl).default([]),
    language: z.enum(['system', 'en', 'zh']).default('system'),
  })
  .strict();

const kiosk = z
  .object({
    fullscreen: z.boolean().default(false),
    /** Workstation id reported to the hub and in the status endpoint. */
    seatId: z.string().min(1).max(64).default('seat'),
  })
  .strict();

const health = z
  .object({
    probeIntervalMs: z.int().min(250).max(60_000).default(2_000),
    /** A probe that has said nothing for this long counts as a frozen page. */
    probeSilenceMs: z.int().min(1_000).max(300_000).default(10_000),
    networkProbeIntervalMs: z.int().min(1_000).max(600_000).default(15_000),
    networkProbeTimeoutMs: z.int().min(250).max(60_000).default(5_000),
    /**
     * A suspicion (the socket left CONNECTED, the connection banner, the page or the OS going
     * offline, a crash, a failed load) starts a burst of failuresToDown network rounds this far
     * apart, so a fault is confirmed and coded in about a second instead of at the next interval.
     */
    suspicionProbeGapMs: z.int().min(50).max(10_000).default(300),
    /** At most this many such extra rounds a minute (0: no bursts, the interval alone). */
    suspicionRoundsPerMinute: z.int().min(0).max(120).default(20),
    /** A WhatsApp answer slower than this counts as an unstable connection. */
    slowResponseMs: z.int().min(50).max(60_000).default(3_000),
    /** An address outside WhatsApp, to tell "our network is down" from "WhatsApp is down". */
    independentProbeUrl: httpUrl.default('https://www.msftconnecttest.com/connecttest.txt'),
    /** Consecutive failing reports of one source before a fault counts as down. */
    failuresToDown: z.int().min(1).max(20).default(3),
    /** How long everything must look healthy before a down state is cleared. */
    healthyStableMs: z.int().min(0).max(3_600_000).default(30_000),
    pendingMessageTimeoutMs: z.int().min(1_000).max(3_600_000).default(60_000),
    qrTimeoutMs: z.int().min(1_000).max(600_000).default(45_000),
    loadingTimeoutMs: z.int().min(1_000).max(600_000).default(60_000),
    /** The first load after linking downloads the account's history: a large one takes minutes. */
    firstSyncTimeoutMs: z.int().min(1_000).max(3_600_000).default(600_000),
    memoryLimitMb: z.int().min(1).max(64_000).default(1_500),
  })
  .strict();

const recovery = z
  .object({
    /** Each healing action may run at most this many times within the window. */
    maxActionsPerWindow: z.int().min(0).max(20).default(3),
    windowMs: z.int().min(1_000).max(3_600_000).default(60_000),
  })
  .strict();

const failover = z
  .object({
    /** Stay on WhatsApp this long after it is detected down, to let healing work. */
    graceMs: z.int().min(0).max(3_600_000).default(20_000),
    /** Do not switch back while the agent typed in the failover pane this recently. */
    typingHoldMs: z.int().min(0).max(600_000).default(15_000),
    rtoMinutes: z.number().positive().max(10_080).default(15),
    mtdMinutes: z.number().positive().max(10_080).default(240),
  })
  .strict();

const statusEndpoint = z
  .object({
    enabled: z.boolean().default(false),
    port: z.int().min(0).max(65_535).default(17_321),
  })
  .strict();

const contacts = z
  .object({
    /** Numbers written without a country code are read as this country's (ISO 3166 code). */
    defaultRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as US or CN')
      .default('US'),
    /** How often the WhatsApp address book is read again when nothing on screen changed. */
    syncIntervalMs: z.int().min(5_000).max(86_400_000).default(300_000),
  })
  .strict();

const backups = z
  .object({
    /** Cron expression (minute hour day month weekday) for the scheduled database backup. */
    schedule: z.string().max(100).refine(isCronPattern, 'a cron expression such as "0 */6 * * *"').default('0 */6 * * *'),
    /** How many backups to keep; older ones are deleted. */
    keep: z.int().min(1).max(1_000).default(28),
    /** Where backups go; default `backups/` in the user-data folder. */
    dir: z.string().min(1).optional(),
    /**
     * Whether whoever sits at the kiosk may restore a backup from the Contacts panel. A restore
     * replaces the workstation's data, so IT may lock this to false in the policy.
     */
    restoreAllowed: z.boolean().default(true),
  })
  .strict();

const chromium = z
  .object({
    executablePath: z.string().min(1).default('/usr/bin/chromium'),
    headless: z.boolean().default(false),
    /** WhatsApp's browser profile; default `chromium-profile/` in the user-data folder. */
    profileDir: z.string().min(1).optional(),
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
