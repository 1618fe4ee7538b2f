import { Cron } from 'croner';
import { z } from 'zod';

/**
 * The one settings schema. The same schema validates the user's settings (electron-store or the
 * Chromium shell's settings file) and IT's policy file, so a key means the same everywhere.
 * Every section has complete defaults: an empty object is a valid configuration. Each field's
 * `.describe()` (English) and `.meta({ zh })` (Chinese) are what IT reads in docs/SETTINGS.md and
 * the Group Policy templates (scripts/policy-templates.ts), generated from here.
 */
const httpUrl = z.url({ protocol: /^https?$/ });

const general = z
  .object({
    whatsappUrl: httpUrl
      .default('https://web.whatsapp.com/')
      .describe('The WhatsApp Web address the kiosk opens (http or https).')
      .meta({ zh: '信息亭打开的 WhatsApp Web 地址（http 或 https）。' }),
    extraAllowedOrigins: z
      .array(httpUrl)
      .default([])
      .describe("Origins besides the WhatsApp URL's own that the WhatsApp view may navigate to.")
      .meta({ zh: '除 WhatsApp 地址本身的源之外，WhatsApp 视图还可以访问的源。' }),
    language: z
      .enum(['system', 'en', 'zh'])
      .default('system')
      .describe("The language of the kiosk's own pages; `system` follows the operating system.")
      .meta({ zh: '信息亭自身页面的语言；`system` 跟随操作系统。' }),
  })
  .strict();

const kiosk = z
  .object({
    fullscreen: z
      .boolean()
      .default(false)
      .describe('Run as a fullscreen kiosk window the agent cannot leave.')
      .meta({ zh: '以全屏信息亭窗口运行，坐席无法退出。' }),
    seatId: z
      .string()
      .min(1)
      .max(64)
      .default('seat')
      .describe('Workstation id reported to the hub and in the status endpoint.')
      .meta({ zh: '上报给中心和状态端点的工作站标识。' }),
  })
  .strict();

const health = z
  .object({
    probeIntervalMs: z
      .int()
      .min(250)
      .max(60_000)
      .default(2_000)
      .describe('How often the probe in the WhatsApp page reports, in milliseconds.')
      .meta({ zh: 'WhatsApp 页面中的探针多久报告一次（毫秒）。' }),
    probeSilenceMs: z
      .int()
      .min(1_000)
      .max(300_000)
      .default(10_000)
      .describe('A probe that has said nothing for this long (ms) counts as a frozen page.')
      .meta({ zh: '探针沉默这么久（毫秒）即视为页面冻结。' }),
    networkProbeIntervalMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(15_000)
      .describe('How often the main process checks the network and WhatsApp over HTTP, in milliseconds.')
      .meta({ zh: '主进程通过 HTTP 检查网络和 WhatsApp 的间隔（毫秒）。' }),
    networkProbeTimeoutMs: z
      .int()
      .min(250)
      .max(60_000)
      .default(5_000)
      .describe('Time-out of one network probe, in milliseconds.')
      .meta({ zh: '单次网络探测的超时（毫秒）。' }),
    suspicionProbeGapMs: z
      .int()
      .min(50)
      .max(10_000)
      .default(300)
      .describe(
        'A suspicion (socket left CONNECTED, banner, offline, crash, failed load) starts a burst of failuresToDown network rounds this far apart (ms), so a fault is coded in about a second.',
      )
      .meta({
        zh: '出现可疑信号（连接离开 CONNECTED、横幅、离线、崩溃、加载失败）时，按此间隔（毫秒）连续做 failuresToDown 轮网络探测，约一秒内确认故障。',
      }),
    suspicionRoundsPerMinute: z
      .int()
      .min(0)
      .max(120)
      .default(20)
      .describe('At most this many extra rounds of network probes a minute for suspicions (0: no bursts, the interval alone).')
      .meta({ zh: '每分钟因可疑信号额外探测的轮数上限（0：不做突发探测，只按间隔）。' }),
    slowResponseMs: z
      .int()
      .min(50)
      .max(60_000)
      .default(3_000)
      .describe('A WhatsApp answer slower than this (ms) counts as an unstable connection.')
      .meta({ zh: 'WhatsApp 响应慢于此值（毫秒）即视为连接不稳定。' }),
    independentProbeUrl: httpUrl
      .default('https://www.msftconnecttest.com/connecttest.txt')
      .describe('An address outside WhatsApp, to tell "our network is down" from "WhatsApp is down".')
      .meta({ zh: 'WhatsApp 之外的一个地址，用于区分“本机网络断了”和“WhatsApp 宕机了”。' }),
    failuresToDown: z
      .int()
      .min(1)
      .max(20)
      .default(3)
      .describe('Consecutive failing reports of one source before a fault counts as down.')
      .meta({ zh: '同一信号源连续失败多少次后判定为故障。' }),
    healthyStableMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(30_000)
      .describe('How long (ms) everything must look healthy before a down state is cleared.')
      .meta({ zh: '一切正常持续多久（毫秒）后才解除故障状态。' }),
    pendingMessageTimeoutMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(60_000)
      .describe('An outgoing message still not sent after this long (ms) means WhatsApp is down.')
      .meta({ zh: '外发消息超过这么久（毫秒）仍未发出，即判定 WhatsApp 故障。' }),
    qrTimeoutMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(45_000)
      .describe('A login QR code that does not appear within this long (ms) is a fault.')
      .meta({ zh: '登录二维码在这么久（毫秒）内没有出现即为故障。' }),
    loadingTimeoutMs: z
      .int()
      .min(1_000)
      .max(600_000)
      .default(60_000)
      .describe('WhatsApp still loading after this long (ms) is a fault.')
      .meta({ zh: 'WhatsApp 加载超过这么久（毫秒）即为故障。' }),
    firstSyncTimeoutMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(600_000)
      .describe('The first load after linking downloads the account history: it may take this long (ms) before it is a fault.')
      .meta({ zh: '关联后的首次加载要下载账号历史：超过这么久（毫秒）才视为故障。' }),
    memoryLimitMb: z
      .int()
      .min(1)
      .max(64_000)
      .default(1_500)
      .describe("The WhatsApp page's memory (MB) above which it is reloaded.")
      .meta({ zh: 'WhatsApp 页面内存（MB）超过此值时重新加载。' }),
  })
  .strict();

const recovery = z
  .object({
    maxActionsPerWindow: z
      .int()
      .min(0)
      .max(20)
      .default(3)
      .describe('Each healing action may run at most this many times within the window.')
      .meta({ zh: '每种修复操作在时间窗口内最多执行的次数。' }),
    windowMs: z
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(60_000)
      .describe('The rolling window (ms) of the healing cap.')
      .meta({ zh: '修复次数上限的滚动时间窗口（毫秒）。' }),
  })
  .strict();

const failover = z
  .object({
    graceMs: z
      .int()
      .min(0)
      .max(3_600_000)
      .default(20_000)
      .describe('Stay on WhatsApp this long (ms) after it is detected down, to let healing work.')
      .meta({ zh: '检测到 WhatsApp 故障后仍停留这么久（毫秒），让自动修复先起作用。' }),
    typingHoldMs: z
      .int()
      .min(0)
      .max(600_000)
      .default(15_000)
      .describe('Do not switch back while the agent typed in the failover pane this recently (ms).')
      .meta({ zh: '坐席在故障转移面板中最近这么久（毫秒）内有输入时，不切换回 WhatsApp。' }),
    rtoMinutes: z
      .number()
      .positive()
      .max(10_080)
      .default(15)
      .describe('Recovery time objective of an incident, in minutes.')
      .meta({ zh: '事件的恢复时间目标（分钟）。' }),
    mtdMinutes: z
      .number()
      .positive()
      .max(10_080)
      .default(240)
      .describe('Maximum tolerable downtime of an incident, in minutes.')
      .meta({ zh: '事件的最大可容忍中断时间（分钟）。' }),
  })
  .strict();

const statusEndpoint = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe('Serve the read-only status endpoint on the loopback address.')
      .meta({ zh: '在本机回环地址上提供只读的状态端点。' }),
    port: z
      .int()
      .min(0)
      .max(65_535)
      .default(17_321)
      .describe('Port of the status endpoint (0: any free port).')
      .meta({ zh: '状态端点的端口（0：任意空闲端口）。' }),
  })
  .strict();

const contacts = z
  .object({
    defaultRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as US or CN')
      .default('US')
      .describe("Numbers written without a country code are read as this country's (ISO 3166 code, e.g. US, CN).")
      .meta({ zh: '未写国家代码的号码按此国家解读（ISO 3166 代码，如 US、CN）。' }),
    syncIntervalMs: z
      .int()
      .min(5_000)
      .max(86_400_000)
      .default(300_000)
      .describe('How often (ms) the WhatsApp address book is read again when nothing on screen changed.')
      .meta({ zh: '屏幕无变化时，多久（毫秒）重新读取一次 WhatsApp 通讯录。' }),
  })
  .strict();

const backups = z
  .object({
    schedule: z
      .string()
      .max(100)
      .refine(isCronPattern, 'a cron expression such as "0 */6 * * *"')
      .default('0 */6 * * *')
      .describe('Cron expression (minute hour day month weekday) for the scheduled database backup.')
      .meta({ zh: '定时数据库备份的 cron 表达式（分 时 日 月 周）。' }),
    keep: z
      .int()
      .min(1)
      .max(1_000)
      .default(28)
      .describe('How many backups to keep; older ones are deleted.')
      .meta({ zh: '保留的备份个数；更早的备份会被删除。' }),
    dir: z
      .string()
      .min(1)
      .optional()
      .describe('Where backups go; default `backups/` in the user-data folder.')
      .meta({ zh: '备份存放位置；默认为用户数据文件夹中的 `backups/`。' }),
    // A restore replaces the workstation's data, so IT may lock this to false in the policy.
    restoreAllowed: z
      .boolean()
      .default(true)
      .describe('Whether whoever sits at the kiosk may restore a backup from the Contacts panel.')
      .meta({ zh: '坐在信息亭前的人是否可以从联系人面板恢复备份。' }),
  })
  .strict();

const chromium = z
  .object({
    executablePath: z
      .string()
      .min(1)
      .default('/usr/bin/chromium')
      .describe('The Chromium binary of the Chromium shell.')
      .meta({ zh: 'Chromium 外壳使用的 Chromium 可执行文件。' }),
    headless: z
      .boolean()
      .default(false)
      .describe('Run the Chromium shell without a window (tests, demos).')
      .meta({ zh: '无窗口运行 Chromium 外壳（用于测试、演示）。' }),
    profileDir: z
      .string()
      .min(1)
      .optional()
      .describe("WhatsApp's browser profile of the Chromium shell; default `chromium-profile/` in the user-data folder.")
      .meta({ zh: 'Chromium 外壳的 WhatsApp 浏览器配置目录；默认为用户数据文件夹中的 `chromium-profile/`。' }),
  })
  .strict();

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const updates = z
  .object({
    // An MSI install is IT's to update: the updater stays off there whatever this says.
    enabled: z
      .boolean()
      .default(true)
      .describe('Whether the kiosk downloads and installs updates from the feed (never for MSI installs).')
      .meta({ zh: '信息亭是否从更新源下载并安装更新（MSI 安装从不自动更新）。' }),
    feedUrl: httpUrl
      .optional()
      .describe('The IT-hosted update feed (the folder holding latest.yml and the installers); no feed, no updates.')
      .meta({ zh: 'IT 托管的更新源（存放 latest.yml 和安装包的文件夹）；没有更新源就没有更新。' }),
    channel: z
      .enum(['stable', 'beta'])
      .default('stable')
      .describe('Which release channel of the feed to follow.')
      .meta({ zh: '跟随更新源的哪个发布通道。' }),
    pinnedVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a version such as 1.4.2')
      .optional()
      .describe('Install only this version (when the feed offers it) and nothing newer.')
      .meta({ zh: '只安装这个版本（更新源提供时），不安装更新的版本。' }),
    checkIntervalMs: z
      .int()
      .min(900_000)
      .max(604_800_000)
      .default(14_400_000)
      .describe('How often (ms) the feed is asked for a new version.')
      .meta({ zh: '多久（毫秒）向更新源查询一次新版本。' }),
    workingHours: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'hours such as 08:00-20:00')
      .default('08:00-20:00')
      .describe('Local hours of the working day (HH:MM-HH:MM); a downloaded update waits until they are over, or for quit.')
      .meta({ zh: '工作日的本地工作时间（HH:MM-HH:MM）；已下载的更新等到工作时间结束或退出时再安装。' }),
    workingDays: z
      .array(z.enum(WEEKDAYS))
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Days with working hours (mon … sun); on other days an update may install whenever the seat is quiet.')
      .meta({ zh: '有工作时间的日子（mon … sun）；其他日子里，坐席空闲时即可安装更新。' }),
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM');

/** A maintenance window in local time; an end before the start runs past midnight. */
const maintenanceWindow = z
  .object({
    /** Days of the week the window starts on, 0 = Sunday. */
    days: z.array(z.int().min(0).max(6)).min(1).max(7).default([0, 1, 2, 3, 4, 5, 6]),
    start: hhmm,
    end: hhmm,
  })
  .strict()
  .refine((window) => window.start !== window.end, 'a window needs an end different from its start');

const maintenance = z
  .object({
    enabled: z.boolean().default(true),
    /** When the scheduled tasks (cache purge, housekeeping) may run; missed windows are caught up. */
    windows: z
      .array(maintenanceWindow)
      .max(20)
      .default([{ days: [0, 1, 2, 3, 4, 5, 6], start: '03:00', end: '05:00' }]),
    /** How often the scheduler looks whether a task is due. */
    checkIntervalMs: z.int().min(1_000).max(3_600_000).default(60_000),
    /** After start-up or a wake-up, a missed window is caught up only after this settling time. */
    catchUpDelayMs: z.int().min(0).max(3_600_000).default(300_000),
    /** The agent counts as active for this long after they last typed (WhatsApp or the pane). */
    idleAfterMs: z.int().min(0).max(3_600_000).default(60_000),
    /** At least this long between two cache purges (and between two housekeeping runs). */
    purgeMinIntervalHours: z
      .number()
      .min(0)
      .max(24 * 90)
      .default(20),
    memorySampleMs: z.int().min(1_000).max(3_600_000).default(60_000),
    /** The WhatsApp renderer above this (MB) gets a reload at the next idle moment. */
    memoryReloadMb: z.int().min(50).max(64_000).default(1_200),
    /** Memory that grows faster than this (MB an hour) over `memoryGrowthWindowMs` gets a reload too. */
    memoryGrowthMbPerHour: z.number().min(1).max(64_000).default(150),
    memoryGrowthWindowMs: z
      .int()
      .min(60_000)
      .max(86_400_000)
      .default(3 * 3_600_000),
    /** At most one memory reload within this long. */
    memoryReloadMinIntervalMs: z
      .int()
      .min(60_000)
      .max(7 * 86_400_000)
      .default(4 * 3_600_000),
    /** Below this free space (MB) in the user-data folder: a warning, and no backup is written. */
    diskFloorMb: z.int().min(0).max(1_000_000).default(500),
    /** Closed incidents older than this are pruned. */
    incidentRetentionDays: z.int().min(1).max(3_650).default(180),
    /** Maintenance records older than this are pruned. */
    runRetentionDays: z.int().min(1).max(3_650).default(90),
    /** WhatsApp Web's minimum Chrome major version: an older browser is warned about. */
    minBrowserMajor: z.int().min(1).max(10_000).default(120),
    /** IT may allow the deep reset (logs WhatsApp out) from the diagnostics panel, with confirmation. */
    deepResetAllowed: z.boolean().default(false),
  })
  .strict();

const offlineQueue = z
  .object({
    /**
     * Replay sends each queued WhatsApp reply with a real Enter key press into WhatsApp, without
     * waiting for the agent's. Off by default: the agent sees each draft and presses Enter.
     */
    autoSend: z.boolean().default(false),
    /** WhatsApp must have been healthy this long after an outage before the queue is replayed. */
    stableMs: z.int().min(0).max(600_000).default(10_000),
    /** A chat opened by a `/send` link that does not show within this time is opened again. */
    openTimeoutMs: z.int().min(1_000).max(300_000).default(20_000),
    /** A draft sent (Enter pressed) that does not show in the chat within this time is checked again, never resent blindly. */
    confirmTimeoutMs: z.int().min(1_000).max(600_000).default(30_000),
  })
  .strict();

/**
 * Where a secret comes from; never the secret itself in settings. `env` and `file` serve the
 * Chromium shell (an environment variable's name, a file's path); `safeStorage` is a value the
 * Electron shell encrypted with the OS keychain (base64), only that shell can read it.
 */
const secretRef = z.union([
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }).strict(),
  z.object({ file: z.string().min(1).max(1_000) }).strict(),
  z.object({ safeStorage: z.base64().min(1).max(10_000) }).strict(),
]);
export type SecretRef = z.infer<typeof secretRef>;

const email = z
  .object({
    /** The company's SMTP server; empty: no email from the failover pane. */
    host: z.string().max(255).default(''),
    port: z.int().min(1).max(65_535).default(587),
    /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required; `none`: loopback tests only. */
    security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
    user: z.string().max(320).optional(),
    password: secretRef.optional(),
    from: z.email().optional(),
    fromName: z.string().max(200).optional(),
    /** Connection, greeting and each command's reply: a slower server counts as a temporary failure. */
    timeoutMs: z.int().min(1_000).max(300_000).default(30_000),
  })
  .strict();

const httpChannel = z
  .object({
    /** What the agent picks; also the outbox's channel name. */
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _'),
    kind: z.enum(['sms', 'messenger']),
    url: httpUrl,
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(2_000)).default({}),
    auth: z
      .union([
        z.object({ type: z.literal('bearer'), token: secretRef }).strict(),
        z.object({ type: z.literal('basic'), user: z.string().max(320), password: secretRef }).strict(),
      ])
      .optional(),
    /** `json`: the template's values as a JSON body; `form`: url-encoded. Placeholders {to} {text} {messageId}. */
    body: z
      .object({ format: z.enum(['json', 'form']).default('json'), fields: z.record(z.string().max(100), z.string().max(2_000)) })
      .strict(),
    success: z
      .object({
        statusMin: z.int().min(100).max(599).default(200),
        statusMax: z.int().min(100).max(599).default(299),
        /** Dotted path into the JSON answer (`result.status`) and the value it must equal. */
        jsonPath: z.string().max(200).optional(),
        equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
      })
      .strict()
      .default({ statusMin: 200, statusMax: 299 }),
    timeoutMs: z.int().min(500).max(120_000).default(15_000),
  })
  .strict();

const channels = z
  .object({
    /** IT's HTTP channels: SMS gateways, other messengers' bot APIs. */
    http: z
      .array(httpChannel)
      .max(20)
      .refine((list) => new Set(list.map((channel) => channel.name)).size === list.length, 'channel names must be unique')
      .default([]),
  })
  .strict();
export type HttpChannelConfig = z.infer<typeof httpChannel>;

const hub = z
  .object({
    /** The supervisors' hub this seat reports to; no URL, no reporting. */
    url: httpUrl.optional(),
    /**
     * Where IT's enrolment token is, never the token itself (settings files are readable by many):
     * `env:NAME` or `file:/path`. Used once; the seat then holds its own device token.
     */
    enrolmentTokenRef: z
      .string()
      .regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'env:NAME or file:/path')
      .optional(),
    team: z.string().min(1).max(64).optional(),
    site: z.string().min(1).max(64).optional(),
    heartbeatMs: z.int().min(1_000).max(600_000).default(5_000),
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
  maintenance,
  offlineQueue,
  email,
  channels,
  hub,
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
